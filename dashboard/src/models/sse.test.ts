import { expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sse';

it('parses events split across chunks, skipping comments', () => {
  const got: SseEvent[] = [];
  const feed = createSseParser((e) => got.push(e));
  feed('event: hello\ndata: {"type":"hel');
  feed('lo"}\n\n: ping\n\nevent: ingest\r\ndata: a\r\ndata: b\r\n\r\n');
  expect(got).toEqual([
    { event: 'hello', data: '{"type":"hello"}' },
    { event: 'ingest', data: 'a\nb' },
  ]);
});
