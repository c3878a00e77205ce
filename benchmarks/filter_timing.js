/* Times real filter interactions on the case browser (run by Playwright inside the page).
 *
 * Picks the first filter control (<select data-filter> in the page content), chooses each
 * of its values in turn the way a browser does for a user (set the value, fire `input`
 * and `change`), and measures with performance.now() from the choice until the first
 * animation frame after the table changed (rows added, removed, hidden or shown): the
 * filtering, the DOM and layout work, and one frame. Between choices the filter is reset
 * (not timed); a value that leaves the table as it was is skipped (nothing to time).
 * Returns null when the page has no filter control (the case browser script has not
 * landed yet).
 */
async (repeats) => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const content = document.querySelector(".md-content") || document.body;
  const select = content.querySelector("select[data-filter]");
  const table = content.querySelector("table[data-atlas-cases]") || content.querySelector("table");
  if (!select || !table || !table.tBodies.length) return null;
  const form = select.closest("form");
  for (let waited = 0; form && form.hidden && waited < 300; waited += 1) await frame();
  if (form && form.hidden) return null;
  // Let the page settle first (the first layout of a long table can take a while after
  // `load`): time the filters, not the page's start-up.
  for (let i = 0; i < 2; i += 1) await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5000 }));
  const values = Array.from(select.options).map((option) => option.value).filter((value) => value !== "");
  if (!values.length) return null;
  let changed = false;
  const observer = new MutationObserver(() => {
    changed = true;
  });
  observer.observe(table, { subtree: true, childList: true, attributes: true, attributeFilter: ["hidden", "style"] });
  const shown = () => Array.from(table.tBodies[0].rows).filter((row) => !row.hidden).length;
  const choose = (value) => {
    select.value = value;
    select.dispatchEvent(new Event("input", { bubbles: true }));
    select.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const milliseconds = [];
  const visibleAfter = [];
  for (let i = 0; milliseconds.length < repeats && i < repeats * 3; i += 1) {
    choose("");
    await frame();
    await frame();
    observer.takeRecords();
    changed = false;
    const start = performance.now();
    choose(values[i % values.length]);
    while (!changed && performance.now() - start < 1000) await frame();
    if (!changed) continue;
    await frame();
    milliseconds.push(performance.now() - start);
    visibleAfter.push(shown());
  }
  observer.disconnect();
  choose("");
  return { column: select.getAttribute("data-filter"), milliseconds, visible: visibleAfter };
}
