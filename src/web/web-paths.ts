import { RequestMethod } from '@nestjs/common';

/** The web pages' addresses (Vietnamese, as their users say them). */
export const PAGES = {
  home: '/',
  signIn: '/dang-nhap',
  signOut: '/dang-xuat',
  tasks: '/viec',
  directives: '/van-ban',
  importDirective: '/van-ban/nhap',
  importHeld: '/van-ban/nhap/tep-da-tai',
  overview: '/tong-quan',
  compliance: '/tuan-thu',
  review: '/duyet',
  notifications: '/thong-bao',
  admin: '/quan-tri',
  queues: '/admin/queues',
  assets: '/static',
} as const;

/** First path segments of the pages: kept out of the API's `/api` prefix. */
const PAGE_ROOTS = [
  'dang-nhap',
  'dang-xuat',
  'viec',
  'van-ban',
  'tong-quan',
  'tuan-thu',
  'duyet',
  'thong-bao',
  'quan-tri',
];

export const PAGE_ROUTES_WITHOUT_API_PREFIX = [
  { path: '/', method: RequestMethod.ALL },
  ...PAGE_ROOTS.flatMap((root) => [
    { path: root, method: RequestMethod.ALL },
    { path: `${root}/{*rest}`, method: RequestMethod.ALL },
  ]),
];
