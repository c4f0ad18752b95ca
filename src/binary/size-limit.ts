import { Transform, type TransformCallback } from 'node:stream';
import { BinaryTooLargeError } from './errors';

/** Passes bytes through and fails the pipeline as soon as more than `limit` went by. */
export class SizeLimit extends Transform {
  bytes = 0;
  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) callback(new BinaryTooLargeError(this.limit));
    else callback(null, chunk);
  }
}
