/**
 * One output paragraph of the body with the layout facts the line-level filters need (the text alone cannot tell
 * a caption or a link list from prose).
 */
export interface Paragraph {
  text: string;
  /** Came from an `<h2>`–`<h6>`: kept as its own paragraph, dropped when nothing follows it. */
  heading: boolean;
  /** Share of the paragraph's characters inside links (0..1). */
  linkShare: number;
  /** Directly follows an image (with no text in between): where captions sit. */
  afterImage: boolean;
  /** All of its text is set in italics/small print, as captions and credits are. */
  emphasized: boolean;
}
