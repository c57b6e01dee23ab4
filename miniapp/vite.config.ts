/**
 * uni-app build (H5 → dist/build/h5, served by the engine under /h5/; mp-weixin → dist/build/mp-weixin).
 * Run through the `uni` CLI (npm run build:h5 / build:mp-weixin), always with CI=true.
 */
import { defineConfig, type Plugin } from 'vite';
import uniModule from '@dcloudio/vite-plugin-uni';

// The plugin is CommonJS with `exports.default`; this package is ESM, so unwrap it.
const uni = ((uniModule as unknown as { default?: typeof uniModule }).default ?? uniModule) as typeof uniModule;

/**
 * @cloud-seat/contracts also exports the engine's zod schemas; the app only needs its enums, labels
 * and event names. Marking the package side-effect free lets the bundler drop http.js and zod
 * (~90 KB) from both builds. (Declaring "sideEffects": false in contracts/package.json would do the same.)
 */
function contractsSideEffectFree(): Plugin {
  return {
    name: 'cloud-seat:contracts-side-effect-free',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const fromContracts = importer !== undefined && /[\\/]contracts[\\/](dist|src)[\\/]/.test(importer);
      if (source !== '@cloud-seat/contracts' && !fromContracts) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved ? { ...resolved, moduleSideEffects: false } : null;
    },
  };
}

/**
 * uni's H5 stylesheet preloads navigation-bar shadow images from the vendor's CDN (cdn.dcloud.net.cn)
 * three seconds after start. The app runs on a government intranet and calls nothing outside it,
 * and it uses no navigation-bar shadow: drop those URLs.
 */
function noVendorCdn(): Plugin {
  const SHADOW_IMAGE = /url\(\s*["']?https?:\/\/cdn\.dcloud\.net\.cn\/img\/shadow-[a-z]+\.png["']?\s*\)/g;
  return {
    name: 'cloud-seat:no-vendor-cdn',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type === 'asset' && file.fileName.endsWith('.css') && typeof file.source === 'string') {
          file.source = file.source.replace(SHADOW_IMAGE, 'none');
        }
      }
    },
  };
}

export default defineConfig({
  plugins: [contractsSideEffectFree(), uni(), noVendorCdn()],
  // `npm run dev:h5`: the engine runs beside the dev server; same-origin paths go to it.
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
