// Placeholder while the page is being built (replaced before this lands).
import { usePageReady } from '../../page-ready.ts';

export default function Page() {
  usePageReady(true);
  return <h1>…</h1>;
}
