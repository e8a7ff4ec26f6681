// The map's width on this screen, told to the server as the fit it needs ("phone" below
// data.min_desktop px, else "desktop"), only when that is not the fit it drew (data.fit):
// the server guesses from the User-Agent, which a narrow desktop window or a narrow
// article column does not change.
export default function ({ data, setStateValue }) {
  let timer;
  const map = () => document.querySelector('[data-testid="stDeckGlJsonChart"], .qm-map');
  const check = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const width = (map() || document.documentElement).clientWidth;
      const fit = width && width < data.min_desktop ? "phone" : "desktop";
      if (fit !== data.fit) setStateValue("fit", fit);
    }, 150);
  };
  const resized = new ResizeObserver(check);
  resized.observe(document.documentElement);
  // the map comes after this element: watch its width too once it is there
  const added = new MutationObserver(() => {
    if (map()) {
      resized.observe(map());
      added.disconnect();
    }
  });
  if (map()) resized.observe(map());
  else added.observe(document.body, { childList: true, subtree: true });
  check();
  return () => {
    clearTimeout(timer);
    resized.disconnect();
    added.disconnect();
  };
}
