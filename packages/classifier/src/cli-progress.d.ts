// Minimal typings for cli-progress 3.x (the package ships none).
declare module 'cli-progress' {
  export interface Options {
    format?: string;
    stream?: NodeJS.WritableStream;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
    barsize?: number;
    fps?: number;
  }
  export class SingleBar {
    constructor(opts: Options, preset?: object);
    start(total: number, value: number, payload?: object): void;
    update(value: number, payload?: object): void;
    stop(): void;
  }
  export const Presets: { shades_classic: object; legacy: object; rect: object };
  const _default: { SingleBar: typeof SingleBar; Presets: typeof Presets };
  export default _default;
}
