import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { preloadOpenedScreen } from './api/preload.js';
import 'antd/dist/antd.css';
import '@xyflow/react/dist/style.css';
import './styles.css';

preloadOpenedScreen(window.location);
createRoot(document.getElementById('root') as HTMLElement).render(<StrictMode><App /></StrictMode>);
