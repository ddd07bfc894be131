// Enterprise HR screens (festival day): registers the screens, their messages and styles.
import './events.js';
import './event.js';

// The HR screens' own styles (a file: the CSP forbids inline styles).
if (!document.querySelector('link[data-hr-css]')) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/app/js/hr/hr.css';
  link.dataset.hrCss = '1';
  document.head.append(link);
}
