/**
 * Sorting a table of units by value or by name: the sort state, the sort itself, and the column
 * header (a button that says which way it sorts; `aria-sort` for screen readers).
 */
export type SortKey = 'value' | 'name';

export interface SortState {
  readonly key: SortKey;
  readonly descending: boolean;
}

export const HIGHEST_FIRST: SortState = { key: 'value', descending: true };

export function sortEntries<T>(
  entries: readonly T[],
  sort: SortState,
  by: { value: (entry: T) => number; name: (entry: T) => string },
  language: string,
): T[] {
  return [...entries].sort((a, b) => {
    const order =
      sort.key === 'value' ? by.value(a) - by.value(b) : by.name(a).localeCompare(by.name(b), language);
    return sort.descending ? -order : order;
  });
}

/** Clicking the active column turns it round; a new column starts highest-first (values) or A–Z. */
export function SortableHeader(props: {
  sortKey: SortKey;
  label: string;
  sort: SortState;
  onSort: (next: SortState) => void;
}) {
  const active = props.sort.key === props.sortKey;
  return (
    <th scope="col" aria-sort={active ? (props.sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        data-sort={props.sortKey}
        onClick={() =>
          props.onSort({
            key: props.sortKey,
            descending: active ? !props.sort.descending : props.sortKey === 'value',
          })
        }
      >
        {props.label}
        <span aria-hidden="true">{active ? (props.sort.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}
