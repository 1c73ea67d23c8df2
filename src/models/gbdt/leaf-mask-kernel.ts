/**
 * The inner loop of the flattened predictor (predictor.ts), as a small WebAssembly function
 * assembled here byte by byte: JavaScript cannot keep 64-bit masks in registers or read
 * memory without bounds checks, and this loop runs rows × features × trees / 2 times.
 *
 * What it computes, for rows 0..rows-1 (QuickScorer, Lucchese et al. 2015, on bins):
 *   mask_t = AND over features f of table[f][bin(row, f)][t]        (one 32-bit word per tree)
 *   out[row] = init + Σ_t leafValue[t][lowest set bit of mask_t]
 * Each table word has a 0 for every leaf that the row cannot reach given that feature's bin,
 * so the lowest remaining bit is the leaf the row reaches (leaves numbered left to right).
 * Trees are taken 16 at a time, their masks in four 128-bit SIMD locals. The sum runs in 8
 * partial sums (tree t into sum t mod 8), added up in a fixed order at the end: a single
 * running sum would wait on each addition in turn. So a prediction can differ from adding
 * tree by tree in the last bits, and is always the same for the same model and row.
 *
 * Memory (shared, imported as env.memory; byte addresses):
 *   bins: rows × features uint16, row-major        featureBase: per feature, the byte address of its table
 *   rowTable: features i32 (scratch, one per thread) table rows: chunks × 64 bytes (16 trees × 4 bytes)
 *   leaves: chunks × 16 trees × 32 leaves float64    out: rows float64
 */
import { section, sleb, uleb } from "./wasm-encoding.js";

/** exported function `run(bins, rows, features, featureBase, chunks, leaves, out, init, rowTable)` */
export const KERNEL_EXPORT = "run";
/** Trees per step of the kernel (and the unit the tables are padded to). */
export const TREES_PER_CHUNK = 16;

// opcodes used below (WebAssembly core spec, binary format; 0xfd prefixes the SIMD ones)
const BLOCK = 0x02;
const LOOP = 0x03;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_LOAD = 0x28;
const F64_LOAD = 0x2b;
const I32_LOAD16_U = 0x2f;
const I32_STORE = 0x36;
const F64_STORE = 0x39;
const I32_CONST = 0x41;
const F64_CONST = 0x44;
const I32_GE_U = 0x4f;
const I32_CTZ = 0x68;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_SHL = 0x74;
const F64_ADD = 0xa0;
const SIMD = 0xfd;
const V128_LOAD = 0x00;
const V128_CONST = 0x0c;
const V128_AND = 0x4e;
const I32X4_EXTRACT_LANE = 0x1b;
const VOID = 0x40;
const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

// parameters and locals, by index
const P_BINS = 0;
const P_ROWS = 1;
const P_FEATURES = 2;
const P_FEATURE_BASE = 3;
const P_CHUNKS = 4;
const P_LEAVES = 5;
const P_OUT = 6;
const P_INIT = 7;
const P_ROW_TABLE = 8;
const L_ROW = 9;
const L_F = 10;
const L_CHUNK = 11;
const L_P = 12;
const L_LEAF_BASE = 13;
const L_SUM = 14; // 14..21: eight partial sums
const L_A = 22; // 22..25: four v128 masks (16 trees)

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function memarg(align: number, offset: number): number[] {
  return [...uleb(align), ...uleb(offset)];
}

function get(i: number): number[] {
  return [LOCAL_GET, ...uleb(i)];
}

function set(i: number): number[] {
  return [LOCAL_SET, ...uleb(i)];
}

function i32(value: number): number[] {
  return [I32_CONST, ...sleb(value)];
}

/** `local += step` for an i32 local. */
function increment(i: number, step: number): number[] {
  return [...get(i), ...i32(step), I32_ADD, ...set(i)];
}

function functionBody(): number[] {
  const code: number[] = [];
  const emit = (...parts: number[][]): void => {
    for (const p of parts) code.push(...p);
  };
  // row loop
  emit(i32(0), set(L_ROW));
  emit([BLOCK, VOID, LOOP, VOID]);
  emit(get(L_ROW), get(P_ROWS), [I32_GE_U, BR_IF, 1]);
  //   rowTable[f] = featureBase[f] + bins[row * features + f] * (chunks * 64)
  emit(i32(0), set(L_F));
  emit([BLOCK, VOID, LOOP, VOID]);
  emit(get(L_F), get(P_FEATURES), [I32_GE_U, BR_IF, 1]);
  emit(get(P_ROW_TABLE), get(L_F), i32(2), [I32_SHL, I32_ADD]); // address of rowTable[f]
  emit(get(P_FEATURE_BASE), get(L_F), i32(2), [I32_SHL, I32_ADD, I32_LOAD], memarg(2, 0));
  emit(get(P_BINS), get(L_ROW), get(P_FEATURES), [I32_MUL], get(L_F), [I32_ADD], i32(1), [I32_SHL, I32_ADD]);
  emit([I32_LOAD16_U], memarg(1, 0));
  emit(get(P_CHUNKS), i32(6), [I32_SHL, I32_MUL, I32_ADD, I32_STORE], memarg(2, 0));
  emit(increment(L_F, 1), [BR, 0, END, END]);
  //   partial sums start at 0; chunks of 16 trees
  for (let k = 0; k < 8; k++) emit([F64_CONST, 0, 0, 0, 0, 0, 0, 0, 0], set(L_SUM + k));
  emit(i32(0), set(L_CHUNK));
  emit(get(P_LEAVES), set(L_LEAF_BASE));
  emit([BLOCK, VOID, LOOP, VOID]);
  emit(get(L_CHUNK), get(P_CHUNKS), [I32_GE_U, BR_IF, 1]);
  for (let k = 0; k < 4; k++) emit([SIMD, V128_CONST, ...new Array<number>(16).fill(0xff)], set(L_A + k));
  emit(i32(0), set(L_F));
  emit([BLOCK, VOID, LOOP, VOID]);
  emit(get(L_F), get(P_FEATURES), [I32_GE_U, BR_IF, 1]);
  //     p = rowTable[f] + chunk * 64
  emit(get(P_ROW_TABLE), get(L_F), i32(2), [I32_SHL, I32_ADD, I32_LOAD], memarg(2, 0));
  emit(get(L_CHUNK), i32(6), [I32_SHL, I32_ADD], set(L_P));
  for (let k = 0; k < 4; k++) emit(get(L_A + k), get(L_P), [SIMD, V128_LOAD], memarg(4, k * 16), [SIMD, V128_AND], set(L_A + k));
  emit(increment(L_F, 1), [BR, 0, END, END]);
  //     each tree's leaf value into partial sum (tree mod 8)
  for (let k = 0; k < TREES_PER_CHUNK; k++) {
    const sum = L_SUM + (k % 8);
    emit(get(sum), get(L_LEAF_BASE), get(L_A + (k >> 2)), [SIMD, I32X4_EXTRACT_LANE, k & 3, I32_CTZ]);
    emit(i32(3), [I32_SHL, I32_ADD, F64_LOAD], memarg(3, k * 256), [F64_ADD], set(sum));
  }
  emit(increment(L_LEAF_BASE, TREES_PER_CHUNK * 256));
  emit(increment(L_CHUNK, 1), [BR, 0, END, END]);
  //   out[row] = init + ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
  emit(get(P_OUT), get(L_ROW), i32(3), [I32_SHL, I32_ADD], get(P_INIT));
  emit(get(L_SUM), get(L_SUM + 1), [F64_ADD], get(L_SUM + 2), get(L_SUM + 3), [F64_ADD, F64_ADD]);
  emit(get(L_SUM + 4), get(L_SUM + 5), [F64_ADD], get(L_SUM + 6), get(L_SUM + 7), [F64_ADD, F64_ADD, F64_ADD, F64_ADD]);
  emit([F64_STORE], memarg(3, 0));
  emit(increment(L_ROW, 1), [BR, 0, END, END]);
  emit([END]);
  // locals: 5 i32 (row, f, chunk, p, leafBase), 8 f64 (partial sums), 4 v128 (masks)
  const locals = vector([
    [...uleb(5), I32],
    [...uleb(8), F64],
    [...uleb(4), V128],
  ]);
  return [...locals, ...code];
}

/** The module's bytes; it imports a shared memory of at most `maxPages` 64 KiB pages. */
export function kernelModuleBytes(maxPages: number): Uint8Array {
  const params = [I32, I32, I32, I32, I32, I32, I32, F64, I32];
  const type = section(1, vector([[0x60, ...uleb(params.length), ...params, 0]]));
  const name = (text: string): number[] => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
  // memory import: limits flag 3 = shared with a maximum
  const imports = section(2, vector([[...name("env"), ...name("memory"), 0x02, 0x03, ...uleb(1), ...uleb(maxPages)]]));
  const functions = section(3, vector([[0]]));
  const exports = section(7, vector([[...name(KERNEL_EXPORT), 0x00, 0]]));
  const body = functionBody();
  const code = section(10, vector([[...uleb(body.length), ...body]]));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imports, ...functions, ...exports, ...code]);
}

export type KernelRun = (
  bins: number,
  rows: number,
  features: number,
  featureBase: number,
  chunks: number,
  leaves: number,
  out: number,
  init: number,
  rowTable: number,
) => void;

/** A compiled module (opaque here; it can be posted to worker threads). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** A WebAssembly memory; shared ones can be posted to worker threads. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

/**
 * The parts of the WebAssembly API used here. The project's TypeScript library settings
 * (ES2023, no DOM) do not declare it, though every Node.js version we support has it.
 */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: object) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

/** The WebAssembly API, or null where the runtime has none. */
export function wasmApi(): WasmApi | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return api ?? null;
}

let compiled: { maxPages: number; module: WasmModule } | null = null;

/** The compiled module (compiled once per process for a given memory limit). */
export function kernelModule(maxPages: number): WasmModule {
  if (compiled === null || compiled.maxPages !== maxPages) {
    compiled = { maxPages, module: new (wasmApi() as WasmApi).Module(kernelModuleBytes(maxPages)) };
  }
  return compiled.module;
}

/** A shared memory of `pages` 64 KiB pages that can grow to `maxPages`. */
export function sharedMemory(pages: number, maxPages: number): WasmMemory {
  return new (wasmApi() as WasmApi).Memory({ initial: pages, maximum: maxPages, shared: true });
}

/** An instance of the kernel over `memory`. */
export function kernelInstance(module: WasmModule, memory: WasmMemory): KernelRun {
  const instance = new (wasmApi() as WasmApi).Instance(module, { env: { memory } });
  return instance.exports[KERNEL_EXPORT] as KernelRun;
}
