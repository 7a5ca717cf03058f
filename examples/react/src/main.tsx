import { createRoot } from 'react-dom/client';
import { App } from './App.js';

// The API's address and key come from the page (a real portal reads them from its own config).
const config = document.getElementById('spindle-config')!.dataset;
createRoot(document.getElementById('root')!).render(<App apiUrl={config.apiUrl!} apiKey={config.apiKey} />);
