// The map page's person search: the hits of /api/persons/search, each linking to the
// person's page and to the memorials where the person lies, with why it matched.
// Without JavaScript the form still works: it opens the search page.
(function () {
  "use strict";
  const form = document.getElementById("person-form");
  if (!form) return;
  const input = document.getElementById("person-query");
  const results = document.getElementById("person-results");
  const text = JSON.parse(document.getElementById("map-messages").textContent);
  let request = null, timer = null;

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function link(href, label, className) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = label;
    a.className = className;
    return a;
  }

  function show(query, answer) {
    results.replaceChildren();
    if (!answer.items.length) {
      const none = document.createElement("li");
      none.className = "note";
      none.textContent = text.noPerson;
      results.append(none);
    }
    answer.items.forEach(function (hit) {
      const item = document.createElement("li");
      item.className = "person-hit";
      const name = [hit.surname, hit.given_name, hit.patronymic].filter(Boolean).join(" ");
      item.append(link("/persons/" + encodeURIComponent(hit.id), name, "person-link"));
      if (hit.birth_date) item.append(", " + say(text.born, { date: hit.birth_date }));
      hit.memorials.forEach(function (memorial) {
        item.append(" · ");
        item.append(link("/memorials/" + encodeURIComponent(memorial.id), memorial.name,
                         "memorial-link"));
      });
      const why = document.createElement("div");
      why.className = "why";
      why.textContent = hit.why.text;
      item.append(why);
      results.append(item);
    });
    results.dataset.query = query;
    results.dataset.state = "ready";
  }

  function find() {
    const query = input.value.trim();
    if (!query) { results.replaceChildren(); results.dataset.state = "idle"; return; }
    if (request) request.abort();
    request = new AbortController();
    results.dataset.state = "loading";
    fetch("/api/persons/search?" + new URLSearchParams({ q: query, limit: "10" }),
          { signal: request.signal })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body.detail || r.statusText);
          return body;
        });
      })
      .then(function (answer) { show(query, answer); })
      .catch(function (error) {
        if (error.name === "AbortError") return;  // a newer query replaced this one
        results.replaceChildren();
        const failed = document.createElement("li");
        failed.className = "note";
        failed.textContent = say(text.personFailed, { reason: error.message });
        results.append(failed);
        results.dataset.state = "failed";
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(find, 300);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    find();
  });
})();
