import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'wesale',
    date: '2026-11-22',
    // NutUI is drawn for a 375-wide design, our own styles for 750.
    designWidth(input) {
      const file = typeof input === 'object' ? input?.file : undefined
      if (file && file.replace(/\\+/g, '/').includes('@nutui/')) return 375
      return 750
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2
    },
    sourceRoot: 'src',
    // dist/weapp and dist/h5 side by side; the server serves dist/h5 at `/`.
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {},
    copy: {
      patterns: [],
      options: {}
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: true
    },
    // H5: esbuild minifies the JS in a fraction of terser's time (the first start waits on this build); the target
    // matches the browserslist (browsers with ES modules). Its CSS minifier does not take Taro's options: csso stays.
    // The weapp build keeps terser.
    ...(process.env.TARO_ENV === 'h5'
      ? { jsMinimizer: 'esbuild' as const, esbuild: { minify: { enable: true, config: { target: 'es2017' } } } }
      : {}),
    mini: {
      // Modules used only by subpackages go into those subpackages, not the 2 MB main package.
      optimizeMainPackage: {
        enable: true
      },
      // NutUI's per-component stylesheets do not depend on each other, so their order across pages is free.
      miniCssExtractPluginOption: {
        ignoreOrder: true
      },
      postcss: {
        pxtransform: {
          enable: true,
          config: {}
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]'
          }
        }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      }
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Emitted as /favicon.ico next to index.html, which links it.
      htmlPluginOption: { favicon: 'src/favicon.ico' },
      // Hash router (the default): the server only has to serve index.html at `/`.
      router: {
        mode: 'hash'
      },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js'
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css'
      },
      postcss: {
        pxtransform: {
          enable: true,
          // The root font size follows the screen up to this cap, so a desktop browser does not blow the UI up 2x.
          config: { maxRootSize: 22 }
        },
        autoprefixer: {
          enable: true,
          config: {}
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]'
          }
        }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        // Taro splits only the entry's modules, so each lazily loaded page carried its own copy of NutUI and the
        // shared code (~200 KB each, 5 MB in all): shared modules of the pages go into shared chunks instead.
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all', minSize: 20000 })
      }
    }
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
