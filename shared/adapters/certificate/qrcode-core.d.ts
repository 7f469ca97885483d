/** The encoder module of `qrcode` (its main entry re-exports `create` from it); typed as `@types/qrcode` types it. */
declare module 'qrcode/lib/core/qrcode.js' {
  import type { create } from 'qrcode';

  const core: { create: typeof create };
  export default core;
}
