import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { CartCountProvider } from './cart';
import { I18nProvider } from './i18n';
import { OperatorProvider } from './operator';
import { SessionProvider } from './session';
import './styles.css';
// After styles.css: the portal's pages build on its classes (.button, .badge, .table, .card).
import './portal.css';
// The cart, checkout and order pages of both areas.
import './orders.css';
// The web POS and its back-office pages (journal, exceptions, day report, devices), and the receipt's print.
import './pos.css';
// The customers' pages of the back office, the console and my page.
import './customers.css';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <OperatorProvider>
        <SessionProvider>
          <CartCountProvider>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </CartCountProvider>
        </SessionProvider>
      </OperatorProvider>
    </I18nProvider>
  </StrictMode>,
);
