// Tells the server what the map's browser part (quarter_map.js) settled on: the quarter
// (state "quarter": for the URL and the selected province's panel) and a click on the
// map (trigger "click"). It sits in the page's small fragment, so the server's answer
// reruns that fragment only, not the map and its data.
export default function ({ setStateValue, setTriggerValue }) {
  const heard = (e) => {
    if (e.detail.quarter) setStateValue("quarter", e.detail.quarter);
    if (e.detail.click) setTriggerValue("click", e.detail.click);
  };
  window.addEventListener("npr-report", heard);
  return () => window.removeEventListener("npr-report", heard);
}
