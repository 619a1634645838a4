import { describe, expect, it } from 'vitest';
import { normaliseRoute } from './route';

describe('normaliseRoute', () => {
  it.each([
    ['/courses/123/assignments/45', '/courses/:id/assignments/:id'],
    ['/courses/101/modules/items/9003', '/courses/:id/modules/items/:id'],
    ['/items/0f8fad5b-d9cb-469f-a165-70867728950e', '/items/:id'],
    ['/items/0F8FAD5B-D9CB-469F-A165-70867728950E/edit', '/items/:id/edit'],
    ['/assets/9f1c2b3a4d5e6f708192a3b4c5d6e7f8/view', '/assets/:id/view'],
    ['/launch/aB3dE5fG7hJ9kL1mN3pQ5rS', '/launch/:id'],
  ])('replaces ids: %s → %s', (path, route) => {
    expect(normaliseRoute(path)).toBe(route);
  });

  it('keeps words, short hex-looking words and version segments', () => {
    expect(normaliseRoute('/api/v1/courses/cafe/deadbeef')).toBe('/api/v1/courses/cafe/deadbeef');
    expect(normaliseRoute('/mod/lti/launch.php')).toBe('/mod/lti/launch.php');
  });

  it('drops the query string and the fragment', () => {
    expect(normaliseRoute('/courses/1/pages?module_item_id=9#top')).toBe('/courses/:id/pages');
    expect(normaliseRoute('/course/view.php#section-2')).toBe('/course/view.php');
  });

  it('drops a trailing slash and repeated slashes, but keeps the root', () => {
    expect(normaliseRoute('/courses/1/')).toBe('/courses/:id');
    expect(normaliseRoute('//courses//1')).toBe('/courses/:id');
    expect(normaliseRoute('/')).toBe('/');
    expect(normaliseRoute('')).toBe('/');
    expect(normaliseRoute('?x=1')).toBe('/');
  });

  it('adds a leading slash and bounds the length', () => {
    expect(normaliseRoute('courses/7')).toBe('/courses/:id');
    expect(normaliseRoute(`/${'page/'.repeat(200)}`)).toHaveLength(256);
  });
});
