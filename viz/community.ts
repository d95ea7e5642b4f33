/**
 * The community view: one pixel per resident inside building cells inside grid blocks, painted from the
 * worker's colour codes through a 256-entry lookup table into an ImageData (no per-resident objects), then
 * scaled onto the visible canvas; buildings with a self-organised team get a thick outline.
 */
import * as d3 from 'd3';
import { CODE, type Frame, type Layout } from './protocol.js';
import type { ColorKey } from './state.js';

export const PART_COLORS = { none: '#DEDEDE', formal: '#E08A00', substantive: '#126B2E' } as const;
const PAGE = '#FFFFFF';
const BLOCK = '#7A7A7A';
const EMPTY = '#FFFFFF';

/** The continuous colour scale (low = red, high = blue), shared with the legend. */
export function valueColor(v: number): string {
  return d3.interpolateRdYlBu(v);
}

function pack(css: string): number {
  const c = d3.rgb(css);
  // ImageData is RGBA bytes; a little-endian Uint32 view reads them as ABGR.
  return ((255 << 24) | (Math.round(c.b) << 16) | (Math.round(c.g) << 8) | Math.round(c.r)) >>> 0;
}

function lookupTable(): Uint32Array {
  const lut = new Uint32Array(256);
  lut.fill(pack(PAGE));
  for (let k = 0; k <= CODE.valueSteps; k++) lut[CODE.valueBase + k] = pack(valueColor(k / CODE.valueSteps));
  lut[CODE.partNone] = pack(PART_COLORS.none);
  lut[CODE.partFormal] = pack(PART_COLORS.formal);
  lut[CODE.partSubstantive] = pack(PART_COLORS.substantive);
  lut[CODE.block] = pack(BLOCK);
  lut[CODE.empty] = pack(EMPTY);
  return lut;
}

const LUT = lookupTable();

export class CommunityView {
  private layout: Layout | null = null;
  private frame: Frame | null = null;
  private off: HTMLCanvasElement = document.createElement('canvas');
  private image: ImageData | null = null;
  private pixels: Uint32Array | null = null;
  private dirty = false;
  /** Frames drawn (for the frame-rate measurement). */
  drawn = 0;

  constructor(readonly canvas: HTMLCanvasElement) {
    new ResizeObserver(() => {
      this.dirty = true;
    }).observe(canvas);
  }

  setLayout(layout: Layout): void {
    this.layout = layout;
    this.off.width = layout.width;
    this.off.height = layout.height;
    const ctx = this.off.getContext('2d');
    this.image = ctx ? ctx.createImageData(layout.width, layout.height) : null;
    this.pixels = this.image ? new Uint32Array(this.image.data.buffer) : null;
    this.frame = null;
    this.canvas.style.aspectRatio = `${layout.width} / ${layout.height}`;
    this.dirty = true;
  }

  setFrame(frame: Frame): void {
    this.frame = frame;
    this.dirty = true;
  }

  get teams(): number {
    if (!this.frame) return 0;
    let k = 0;
    for (const x of this.frame.teams) k += x;
    return k;
  }

  get color(): ColorKey | null {
    return this.frame?.color ?? null;
  }

  /** Draw if something changed; returns whether it drew. */
  draw(): boolean {
    if (!this.dirty || !this.layout || !this.frame || !this.image || !this.pixels) return false;
    this.dirty = false;
    const { layout, frame, pixels, image } = this;
    const codes = frame.codes;
    if (codes.length !== pixels.length) return false;
    for (let p = 0; p < codes.length; p++) pixels[p] = LUT[codes[p]];
    const octx = this.off.getContext('2d')!;
    octx.putImageData(image, 0, 0);
    const canvas = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const cssW = canvas.clientWidth || layout.width;
    const cssH = canvas.clientHeight || Math.round((cssW * layout.height) / layout.width);
    const w = Math.max(1, Math.round(cssW * dpr));
    const h = Math.max(1, Math.round(cssH * dpr));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = PAGE;
    ctx.fillRect(0, 0, w, h);
    let s = Math.min(w / layout.width, h / layout.height);
    if (s >= 2) s = Math.floor(s);
    const ox = Math.floor((w - layout.width * s) / 2);
    const oy = Math.floor((h - layout.height * s) / 2);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.off, ox, oy, layout.width * s, layout.height * s);
    // Self-organised teams: outline the building.
    const lw = Math.max(3, Math.min(8, s * 1.1));
    ctx.lineWidth = lw;
    ctx.strokeStyle = '#000000';
    const cells = layout.cells;
    for (let b = 0; b < frame.teams.length; b++) {
      if (!frame.teams[b]) continue;
      const x = ox + cells[b * 4] * s - lw / 2;
      const y = oy + cells[b * 4 + 1] * s - lw / 2;
      ctx.strokeRect(x, y, cells[b * 4 + 2] * s + lw, cells[b * 4 + 3] * s + lw);
    }
    this.drawn++;
    return true;
  }
}
