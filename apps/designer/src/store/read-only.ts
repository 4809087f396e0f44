import { createContext, useContext } from 'react';

/** True when the signed-in person may not publish: the designer shows the flow without Publish, test runs or rollback. */
export const ReadOnlyContext = createContext(false);
export const useReadOnly = (): boolean => useContext(ReadOnlyContext);
