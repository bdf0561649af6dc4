module.exports = async function globalTeardown() {
  const services = globalThis.__WESALE_SERVICES__ ?? [];
  await Promise.all(services.map((service) => service.stop()));
};
