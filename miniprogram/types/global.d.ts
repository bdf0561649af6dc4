/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    /** The platform being built; replaced at build time, so untaken branches are dropped. */
    TARO_ENV: 'weapp' | 'h5';
    /** The mini-program's appid (Taro writes it into dist/weapp/project.config.json). */
    TARO_APP_ID?: string;
    /** API origin for the weapp build (HTTPS, on the mini-program's request domain list). h5 uses its own origin. */
    TARO_APP_API_BASE?: string;
  }
}
