// Hash router: screens register by name; go(name, params) renders into <main id="screen">.
const screens = new Map();
let current = null;
const listeners = [];

export function registerScreen(name, screen) {
  screens.set(name, screen);
}

export function hasScreen(name) {
  return screens.has(name);
}

export function go(name, params = {}, { replace = false } = {}) {
  const query = new URLSearchParams(params).toString();
  const hash = `#/${name}${query ? `?${query}` : ''}`;
  if (location.hash === hash) return render();
  if (replace) {
    history.replaceState(null, '', hash);
    return render();
  }
  location.hash = hash;
  return undefined;
}

export function parse(hash = location.hash) {
  const m = /^#\/([\w-]+)(?:\?(.*))?$/.exec(hash || '');
  if (!m) return null;
  return { name: m[1], params: Object.fromEntries(new URLSearchParams(m[2] || '')) };
}

export function onRoute(fn) {
  listeners.push(fn);
}

export function currentRoute() {
  return current;
}

// Leave the current screen (it may release a lock) and render the one in the hash.
export async function render(fallback) {
  let route = parse();
  if (!route || !screens.has(route.name)) {
    if (!fallback) return;
    route = { name: fallback, params: {} };
    history.replaceState(null, '', `#/${fallback}`);
  }
  const token = ++seq;
  if (current?.screen?.leave) await current.screen.leave();
  const screen = screens.get(route.name);
  current = { ...route, screen };
  listeners.forEach((fn) => fn(route));
  // Each render draws into its own box; only the latest one is shown (renders may overlap).
  const box = document.createElement('div');
  await screen.render(box, route.params);
  if (token === seq) {
    const main = document.getElementById('screen');
    const focused = main.contains(document.activeElement) ? document.activeElement : null;
    main.replaceChildren(box);
    // A new screen opens at its top; the same screen drawn again keeps its place.
    if (location.hash !== shownHash) {
      window.scrollTo(0, 0);
      focusHeading(box);
    } else if (focused) refocus(box, focused);
    shownHash = location.hash;
    performance.mark(`screen:${route.name}`);
  }
}

let shownHash = null;

// The same screen drawn again (a pull brought news) keeps focus where it was: on its heading,
// or on the control with the same test id.
function refocus(box, was) {
  const id = was.dataset?.testid;
  const twin =
    was.tagName === 'H1' ? box.querySelector('h1') : id && box.querySelector(`[data-testid="${CSS.escape(id)}"]`);
  if (!twin) return;
  if (twin.tagName === 'H1') twin.tabIndex = -1;
  twin.focus({ preventScroll: true });
}

// A new screen takes focus at its heading: a screen reader reads where the user now is, and
// the next Tab starts from there (not from the top bar).
function focusHeading(box) {
  const heading = box.querySelector('h1');
  if (!heading || box.contains(document.activeElement)) return;
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}

let seq = 0;

// Forget renders still running (a screen drawn outside the router takes over).
export function cancelRenders() {
  seq += 1;
}

export function rerender(fallback) {
  return render(fallback);
}

export function startRouter(fallback) {
  window.addEventListener('hashchange', () => render(fallback));
  return render(fallback);
}
