// Type-ahead for the header's film search, following the ARIA 1.2 combobox pattern (list
// autocomplete). Without this script the form simply goes to the results page.
(() => {
  const form = document.querySelector("form.site-search[data-suggest-url]");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const list = form.querySelector("[role=listbox]");
  const status = form.querySelector("[aria-live]");
  const MIN_LENGTH = 2;
  let active = -1;
  let timer = null;
  let latest = 0;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  const options = () => Array.from(list.querySelectorAll("[role=option]"));

  function close() {
    list.hidden = true;
    list.replaceChildren();
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    const items = options();
    items.forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function show(films) {
    list.replaceChildren();
    active = -1;
    films.forEach((film, i) => {
      const item = document.createElement("li");
      item.id = `site-search-option-${i}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.url = film.url;
      const title = document.createElement("span");
      title.className = "suggestion-title";
      title.textContent = `${film.title} (${film.year})`;
      item.append(title);
      if (film.age !== null) {
        const age = document.createElement("span");
        age.className = "suggestion-age";
        age.textContent = `age ${film.age}+`;
        item.append(" ", age);
      }
      item.addEventListener("mousedown", (event) => event.preventDefault());
      item.addEventListener("click", () => { window.location.href = film.url; });
      list.append(item);
    });
    const count = films.length;
    list.hidden = count === 0;
    input.setAttribute("aria-expanded", String(count > 0));
    status.textContent = count ? `${count} suggestion${count === 1 ? "" : "s"}: use the up and down arrows to choose.` : "No suggestions.";
  }

  async function suggest() {
    const q = input.value.trim();
    if (q.length < MIN_LENGTH) { close(); status.textContent = ""; return; }
    const asked = ++latest;
    try {
      const response = await fetch(`${form.dataset.suggestUrl}?q=${encodeURIComponent(q)}`, { headers: { Accept: "application/json" } });
      if (!response.ok || asked !== latest) return;
      show((await response.json()).results);
    } catch (error) {
      close();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  input.addEventListener("keydown", (event) => {
    const items = options();
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      highlight(active < items.length - 1 ? active + 1 : 0);
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      highlight(active > 0 ? active - 1 : items.length - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = items[active].dataset.url;
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault(); // close the suggestions, keep the text (a second Escape clears it)
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
})();
