// Names that Django's admin leaves out on the advisory form, for screen readers: the empty
// headings over an inline table's first and last columns, and the autocomplete boxes
// (select2), which are named after the film they show and have no name while empty.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".inline-group thead th").forEach((heading) => {
    if (heading.textContent.trim()) return;
    const name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = heading.classList.contains("original") ? "Saved row" : "Delete";
    heading.append(name);
  });
  const nameOf = (select) => {
    const label = document.querySelector(`label[for="${select.id}"]`);
    // In an inline table the column's heading names the field.
    const field = select.name.split("-").pop();
    const heading = select.closest("table")?.querySelector(`thead th.column-${field}`);
    return (label || heading)?.textContent.replace(/:\s*$/, "").trim();
  };
  const name = () => document.querySelectorAll("select.admin-autocomplete").forEach((select) => {
    const box = select.parentElement.querySelector(".select2-selection[role=combobox]");
    const text = nameOf(select);
    if (!box || !text) return;
    box.setAttribute("aria-label", text);
    box.querySelector("[role=textbox]")?.setAttribute("aria-label", text);
  });
  // select2 builds its boxes when jQuery is ready, and again for rows added with "Add
  // another": name them whenever boxes appear.
  name();
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
});
