// @vitest-environment happy-dom
import { expect, it } from 'vitest';
import { labelTable, labelTables } from './table-cards';

const html = `<table class="table"><thead><tr><th>route</th><th class="num">samples</th><th data-priority="low">routes</th><th data-wide="true">attribution</th></tr></thead>
<tbody><tr><td><a href="#">/courses/:id/quizzes</a></td><td class="num">176</td><td>/a, /b</td><td>target: img</td></tr></tbody></table>`;

it('labels each cell with its header, marks low-priority and wide columns and titles the first cell', () => {
  document.body.innerHTML = html;
  labelTable(document.querySelector('table')!);
  const cells = document.querySelectorAll('tbody td');
  expect((cells[0] as HTMLElement).title).toBe('/courses/:id/quizzes');
  expect((cells[0] as HTMLElement).dataset.label).toBeUndefined();
  expect((cells[1] as HTMLElement).dataset.label).toBe('samples');
  expect((cells[2] as HTMLElement).dataset.priority).toBe('low');
  expect((cells[3] as HTMLElement).dataset.wide).toBe('true');
  expect((cells[3] as HTMLElement).dataset.label).toBe('attribution');
});

it('labels tables rendered later, and a tap on a first cell opens and closes it', async () => {
  document.body.innerHTML = '<div id="app"></div>';
  const root = document.getElementById('app')!;
  const stop = labelTables(root);
  root.innerHTML = html;
  await new Promise((r) => setTimeout(r, 0)); // the observer's callback runs as a microtask
  const first = root.querySelector('tbody td') as HTMLElement;
  expect((root.querySelectorAll('tbody td')[1] as HTMLElement).dataset.label).toBe('samples');
  first.click();
  expect(first.dataset.open).toBe('true');
  first.click();
  expect(first.dataset.open).toBeUndefined();
  stop();
});
