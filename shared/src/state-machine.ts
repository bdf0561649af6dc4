/**
 * Every status change goes through a machine defined here; the server refuses (409) any move that
 * is not listed, and the mini-program uses the same table to decide which buttons to show.
 */
export interface StateMachine<S extends string> {
  readonly name: string;
  readonly transitions: Readonly<Record<S, readonly S[]>>;
  canTransition(from: S, to: S): boolean;
  nextStates(from: S): readonly S[];
}

export function defineStateMachine<S extends string>(
  name: string,
  transitions: Record<S, readonly S[]>,
): StateMachine<S> {
  return {
    name,
    transitions,
    canTransition: (from, to) => transitions[from]?.includes(to) ?? false,
    nextStates: (from) => transitions[from] ?? [],
  };
}
