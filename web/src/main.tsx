import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { detectLanguage, startI18n } from './i18n/i18n.ts';
import { preloadPage } from './routes.tsx';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('The page has no #root element.');
await Promise.all([startI18n(detectLanguage()), preloadPage(window.location.pathname)]);
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
