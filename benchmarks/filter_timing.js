/* Times real filter interactions on the case browser (run by Playwright inside the page).
 *
 * Picks the first filter control (<select data-filter> in the page content), chooses each
 * of its values in turn the way a browser does for a user (set the value, fire `input`
 * and `change`), and measures with performance.now() from the choice until the first
 * animation frame in which the table shows a different set of rows: the filtering, the
 * style and layout work, and one frame. Between choices the filter is reset (not timed);
 * a value that leaves the same rows visible is skipped (there is nothing to time).
 * Returns null when the page has no filter control (the case browser script has not
 * landed yet).
 */
async (repeats) => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const content = document.querySelector(".md-content") || document.body;
  const select = content.querySelector("select[data-filter]");
  const table = content.querySelector("table[data-atlas-cases]") || content.querySelector("table");
  if (!select || !table || !table.tBodies.length) return null;
  const rows = table.tBodies[0].rows;
  const visible = () => {
    let count = 0;
    for (const row of rows) if (!row.hidden && row.style.display !== "none") count += 1;
    return count;
  };
  const form = select.closest("form");
  for (let waited = 0; form && form.hidden && waited < 300; waited += 1) await frame();
  if (form && form.hidden) return null;
  const values = Array.from(select.options).map((option) => option.value).filter((value) => value !== "");
  if (!values.length) return null;
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
    const before = visible();
    const start = performance.now();
    choose(values[i % values.length]);
    let now = visible();
    while (now === before && performance.now() - start < 1000) {
      await frame();
      now = visible();
    }
    if (now === before) continue; // this value shows the same rows: nothing to time
    await frame();
    milliseconds.push(performance.now() - start);
    visibleAfter.push(now);
  }
  choose("");
  return { rows: rows.length, column: select.getAttribute("data-filter"), milliseconds, visible: visibleAfter };
}
