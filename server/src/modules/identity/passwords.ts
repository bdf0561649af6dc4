import bcrypt from 'bcryptjs';

const COST = 10;

export const hashPassword = (password: string) => bcrypt.hash(password, COST);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

/** Compared against when the username does not exist, so both failures take the same time. */
export const UNKNOWN_USER_HASH = bcrypt.hashSync('wesale-unknown-user', COST);
