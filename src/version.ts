/** The library version written into every model file (kept in step with package.json). */
export const LIBRARY_VERSION = "0.1.0";
