import type { PropsWithChildren } from 'react';
import { installH5Guards } from './utils/h5-guards';
import './app.scss';

installH5Guards();

function App({ children }: PropsWithChildren) {
  // children is the page being shown
  return children;
}

export default App;
