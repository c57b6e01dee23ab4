/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

interface ImportMetaEnv {
  /** Absolute API origin for the mini-program build, e.g. https://zwfw.example.gov.cn. Unused in H5. */
  readonly VITE_API_BASE?: string;
  readonly VITE_WECHAT_REMINDER_TEMPLATE_ID?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
