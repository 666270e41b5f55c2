/**
 * Getting graphs in and out: phasic-compatible graph JSON ({@link org.jphasic.io.GraphJson}), the canonical
 * content hash of a graph ({@link org.jphasic.io.GraphHash}, {@link org.jphasic.io.GraphKey}) and its byte-level
 * building block ({@link org.jphasic.io.HashEncoder}), atomic file writes ({@link org.jphasic.io.AtomicFiles}),
 * and the matrix form (α, S) ({@link org.jphasic.io.MatrixForm}). The formats are specified in
 * {@code docs/FORMATS.md}.
 */
package org.jphasic.io;
