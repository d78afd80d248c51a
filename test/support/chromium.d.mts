// Types for chromium.mjs (plain JS so Node runs it without a TS loader; see stack.md P4).
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
export declare function findChromium(): string | null;
export declare const launchOptions: { executablePath: string; args: string[]; headless: boolean };
