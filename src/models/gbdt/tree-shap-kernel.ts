/**
 * The inner loops of fast TreeSHAP (tree-shap-fast.ts) as one small WebAssembly function,
 * assembled here byte by byte: in JavaScript every typed-array read is bounds-checked, and
 * these loops run about 24,000 times per explained row of a 300-tree model (bank-marketing);
 * as WebAssembly, two key features and two outputs per pass over the rows, they take about a
 * third of the time of the same loops in JavaScript, with the same additions in the same order.
 *
 * blocks(first, last, count, bins, keys, sums, blockAt, keyAt, outAt, tableAt), for the
 * blocks first..last−1 and `count` rows (all addresses in bytes, in the imported shared memory):
 *   key[i]  = table offset of the block + Σ over its key features q of lookup_q[bin of row i]
 *   sum_f[i] += table[key[i] + p]   for each output feature f = out[p] of the block
 * where
 *   block record (5 × i32 at blockAt + 20·b): table offset (entries), width, first key, end key, first output
 *   key record (2 × i32 at keyAt + 8·q): byte offset of the feature's bins from `bins`, address of its look-up (i32 per bin)
 *   output record (i32 at outAt + 4·p): byte offset of the feature's sums from `sums`
 *   bins: i32 per row, one run of rows per feature; keys: i32 per row; sums: f64 per row, one run per feature
 */
import { section, sleb, uleb } from "./wasm-encoding.js";

/** The exported function. */
export const KERNEL_EXPORT = "blocks";
/** Bytes of a block record, key record and output record. */
export const BLOCK_RECORD = 20;
export const KEY_RECORD = 8;
export const OUT_RECORD = 4;

// opcodes (WebAssembly core specification, binary format)
const BLOCK = 0x02;
const LOOP = 0x03;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_LOAD = 0x28;
const F64_LOAD = 0x2b;
const I32_STORE = 0x36;
const F64_STORE = 0x39;
const I32_CONST = 0x41;
const I32_GE_U = 0x4f;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_SHL = 0x74;
const F64_ADD = 0xa0;
const VOID = 0x40;
const I32 = 0x7f;

// parameters, then locals, by index
const P_FIRST = 0;
const P_LAST = 1;
const P_COUNT = 2;
const P_BINS = 3;
const P_KEYS = 4;
const P_SUMS = 5;
const P_BLOCK_AT = 6;
const P_KEY_AT = 7;
const P_OUT_AT = 8;
const P_TABLE_AT = 9;
const PARAMS = 10;
const L_B = 10;
const L_RECORD = 11;
const L_BASE = 12;
const L_WIDTH = 13;
const L_Q = 14;
const L_Q_END = 15;
const L_OUT = 16;
const L_P = 17;
const L_PTR = 18;
const L_KEYS_END = 19;
const L_SRC = 20;
const L_LOOKUP = 21;
const L_DST = 22;
const L_TABLE = 23;
const L_SRC2 = 24;
const L_LOOKUP2 = 25;
const L_DST2 = 26;
const L_ENTRY = 27;
const LOCALS = 18;

const get = (i: number): number[] => [LOCAL_GET, ...uleb(i)];
const set = (i: number): number[] => [LOCAL_SET, ...uleb(i)];
const i32 = (value: number): number[] => [I32_CONST, ...sleb(value)];
/** i32.load / f64.load / stores with a constant byte offset (natural alignment). */
const loadI32 = (offset = 0): number[] => [I32_LOAD, 2, ...uleb(offset)];
const storeI32 = (offset = 0): number[] => [I32_STORE, 2, ...uleb(offset)];
const loadF64 = (offset = 0): number[] => [F64_LOAD, 3, ...uleb(offset)];
const storeF64 = (offset = 0): number[] => [F64_STORE, 3, ...uleb(offset)];
const add = (local: number, step: number): number[] => [...get(local), ...i32(step), I32_ADD, ...set(local)];

/** `while (local < limit) { body }` (unsigned), as block + loop. */
function whileBelow(local: number, limit: number[], body: number[]): number[] {
  return [BLOCK, VOID, LOOP, VOID, ...get(local), ...limit, I32_GE_U, BR_IF, 1, ...body, BR, 0, END, END];
}

/** `while (local + 1 < limit) { body }` (unsigned): loops that take two items at a time. */
function whilePairBelow(local: number, limit: number[], body: number[]): number[] {
  return [BLOCK, VOID, LOOP, VOID, ...get(local), ...i32(1), I32_ADD, ...limit, I32_GE_U, BR_IF, 1, ...body, BR, 0, END, END];
}

/** key[i] += lookup[bin[i]] for the key record at `record` (one key feature). */
function addOneKey(): number[] {
  return [
    ...get(P_BINS), ...get(L_RECORD), ...loadI32(0), I32_ADD, ...set(L_SRC),
    ...get(L_RECORD), ...loadI32(4), ...set(L_LOOKUP),
    ...get(P_KEYS), ...set(L_PTR),
    ...whileBelow(L_PTR, get(L_KEYS_END), [
      ...get(L_PTR),
      ...get(L_PTR), ...loadI32(),
      ...get(L_LOOKUP), ...get(L_SRC), ...loadI32(), ...i32(2), I32_SHL, I32_ADD, ...loadI32(),
      I32_ADD, ...storeI32(),
      ...add(L_PTR, 4),
      ...add(L_SRC, 4),
    ]),
  ];
}

/** The same for the two key records at `record` and `record` + 8 in one pass over the keys. */
function addTwoKeys(): number[] {
  return [
    ...get(P_BINS), ...get(L_RECORD), ...loadI32(0), I32_ADD, ...set(L_SRC),
    ...get(L_RECORD), ...loadI32(4), ...set(L_LOOKUP),
    ...get(P_BINS), ...get(L_RECORD), ...loadI32(8), I32_ADD, ...set(L_SRC2),
    ...get(L_RECORD), ...loadI32(12), ...set(L_LOOKUP2),
    ...get(P_KEYS), ...set(L_PTR),
    ...whileBelow(L_PTR, get(L_KEYS_END), [
      ...get(L_PTR),
      ...get(L_PTR), ...loadI32(),
      ...get(L_LOOKUP), ...get(L_SRC), ...loadI32(), ...i32(2), I32_SHL, I32_ADD, ...loadI32(),
      I32_ADD,
      ...get(L_LOOKUP2), ...get(L_SRC2), ...loadI32(), ...i32(2), I32_SHL, I32_ADD, ...loadI32(),
      I32_ADD, ...storeI32(),
      ...add(L_PTR, 4),
      ...add(L_SRC, 4),
      ...add(L_SRC2, 4),
    ]),
  ];
}

/** sum[i] += table[key[i] + p] for output p. */
function addOneOutput(): number[] {
  return [
    ...get(P_SUMS), ...get(L_OUT), ...get(L_P), ...i32(2), I32_SHL, I32_ADD, ...loadI32(), I32_ADD, ...set(L_DST),
    ...get(P_TABLE_AT), ...get(L_P), ...i32(3), I32_SHL, I32_ADD, ...set(L_TABLE),
    ...get(P_KEYS), ...set(L_PTR),
    ...whileBelow(L_PTR, get(L_KEYS_END), [
      ...get(L_DST),
      ...get(L_DST), ...loadF64(),
      ...get(L_TABLE), ...get(L_PTR), ...loadI32(), ...i32(3), I32_SHL, I32_ADD, ...loadF64(),
      F64_ADD, ...storeF64(),
      ...add(L_PTR, 4),
      ...add(L_DST, 8),
    ]),
  ];
}

/** The same for outputs p and p + 1 (neighbouring table entries) in one pass over the keys. */
function addTwoOutputs(): number[] {
  return [
    ...get(P_SUMS), ...get(L_OUT), ...get(L_P), ...i32(2), I32_SHL, I32_ADD, ...loadI32(0), I32_ADD, ...set(L_DST),
    ...get(P_SUMS), ...get(L_OUT), ...get(L_P), ...i32(2), I32_SHL, I32_ADD, ...loadI32(4), I32_ADD, ...set(L_DST2),
    ...get(P_TABLE_AT), ...get(L_P), ...i32(3), I32_SHL, I32_ADD, ...set(L_TABLE),
    ...get(P_KEYS), ...set(L_PTR),
    ...whileBelow(L_PTR, get(L_KEYS_END), [
      ...get(L_TABLE), ...get(L_PTR), ...loadI32(), ...i32(3), I32_SHL, I32_ADD, ...set(L_ENTRY),
      ...get(L_DST), ...get(L_DST), ...loadF64(), ...get(L_ENTRY), ...loadF64(0), F64_ADD, ...storeF64(),
      ...get(L_DST2), ...get(L_DST2), ...loadF64(), ...get(L_ENTRY), ...loadF64(8), F64_ADD, ...storeF64(),
      ...add(L_PTR, 4),
      ...add(L_DST, 8),
      ...add(L_DST2, 8),
    ]),
  ];
}

function kernelBody(): number[] {
  // keys end = keys + 4·count
  const code: number[] = [...get(P_KEYS), ...get(P_COUNT), ...i32(2), I32_SHL, I32_ADD, ...set(L_KEYS_END)];
  const keyRecord = (): number[] => [...get(P_KEY_AT), ...get(L_Q), ...i32(3), I32_SHL, I32_ADD, ...set(L_RECORD)];
  const block: number[] = [
    // record = blockAt + 20·b; base, width, q, qEnd, out = outAt + 4·(first output)
    ...get(P_BLOCK_AT), ...get(L_B), ...i32(BLOCK_RECORD), I32_MUL, I32_ADD, ...set(L_RECORD),
    ...get(L_RECORD), ...loadI32(0), ...set(L_BASE),
    ...get(L_RECORD), ...loadI32(4), ...set(L_WIDTH),
    ...get(L_RECORD), ...loadI32(8), ...set(L_Q),
    ...get(L_RECORD), ...loadI32(12), ...set(L_Q_END),
    ...get(P_OUT_AT), ...get(L_RECORD), ...loadI32(16), ...i32(2), I32_SHL, I32_ADD, ...set(L_OUT),
    // key[i] = base
    ...get(P_KEYS), ...set(L_PTR),
    ...whileBelow(L_PTR, get(L_KEYS_END), [...get(L_PTR), ...get(L_BASE), ...storeI32(), ...add(L_PTR, 4)]),
    // key[i] += lookup_q[bin_q[i]], two key features at a time, then the odd one
    ...whilePairBelow(L_Q, get(L_Q_END), [...keyRecord(), ...addTwoKeys(), ...add(L_Q, 2)]),
    ...whileBelow(L_Q, get(L_Q_END), [...keyRecord(), ...addOneKey(), ...add(L_Q, 1)]),
    // sum_f[i] += table[key[i] + p], two outputs at a time, then the odd one
    ...i32(0), ...set(L_P),
    ...whilePairBelow(L_P, get(L_WIDTH), [...addTwoOutputs(), ...add(L_P, 2)]),
    ...whileBelow(L_P, get(L_WIDTH), [...addOneOutput(), ...add(L_P, 1)]),
    ...add(L_B, 1),
  ];
  code.push(...get(P_FIRST), ...set(L_B), ...whileBelow(L_B, get(P_LAST), block));
  return code;
}

function name(text: string): number[] {
  const bytes = [...Buffer.from(text, "utf8")];
  return [...uleb(bytes.length), ...bytes];
}

/** The module's bytes: imports env.memory (shared, up to `maxPages`), exports `blocks`. */
function kernelBytes(): Uint8Array {
  const body = [...uleb(1), ...uleb(LOCALS), I32, ...kernelBody(), END];
  const paramTypes = Array.from({ length: PARAMS }, () => I32);
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, ...uleb(PARAMS), ...paramTypes, 0]),
    // memory limits: flag 3 = shared with a maximum; 1 page minimum, 65536 (4 GiB) maximum
    ...section(2, [1, ...name("env"), ...name("memory"), 0x02, 0x03, ...uleb(1), ...uleb(65536)]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name(KERNEL_EXPORT), 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** A shared WebAssembly memory (it can be posted to worker threads). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

/** The parts of the WebAssembly API used here (the project's TypeScript libraries do not declare it). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Whether this runtime runs WebAssembly (not under `node --jitless`, for one). */
export function wasmAvailable(): boolean {
  return wasm !== undefined;
}

function api(): WasmApi {
  if (wasm === undefined) throw new Error("WebAssembly is not available in this runtime.");
  return wasm;
}

/** A new shared memory of `pages` pages of 64 KiB that may grow to `maximum` pages. */
export function sharedMemory(pages: number, maximum: number): WasmMemory {
  return new (api().Memory)({ initial: pages, maximum, shared: true });
}

let compiled: object | undefined;

export type KernelBlocks = (
  first: number,
  last: number,
  count: number,
  bins: number,
  keys: number,
  sums: number,
  blockAt: number,
  keyAt: number,
  outAt: number,
  tableAt: number,
) => void;

/** The kernel over `memory` (shared, at most 65536 pages); the module is compiled once per thread. */
export function kernelOver(memory: WasmMemory): KernelBlocks {
  compiled ??= new (api().Module)(kernelBytes());
  const instance = new (api().Instance)(compiled, { env: { memory } });
  return instance.exports[KERNEL_EXPORT] as KernelBlocks;
}
