import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { getOperator, type Operator } from './api';

export type OperatorState =
  | { status: 'loading' }
  | { status: 'ready'; operator: Operator }
  | { status: 'error' };

interface OperatorContextValue {
  state: OperatorState;
  retry: () => void;
}

const OperatorContext = createContext<OperatorContextValue | null>(null);

/** Loads the operator of the instance once for the whole app; retry() loads it again. */
export function OperatorProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<OperatorState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    getOperator(controller.signal).then(
      (operator) => setState({ status: 'ready', operator }),
      () => {
        if (!controller.signal.aborted) setState({ status: 'error' });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return <OperatorContext.Provider value={{ state, retry }}>{children}</OperatorContext.Provider>;
}

export function useOperator(): OperatorContextValue {
  const value = useContext(OperatorContext);
  if (!value) throw new Error('useOperator outside OperatorProvider');
  return value;
}
