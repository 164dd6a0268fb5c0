// Registre review: the keyboard, the boxes on the page, corrections. Data comes from the
// server in <script id="review-data" type="application/json">; every write is a POST to
// /d/ID/FIELD carrying the page's CSRF secret, validated by the library as `registre correct`.
"use strict";

(function () {
  const dataNode = document.getElementById("review-data");
  const data = dataNode ? JSON.parse(dataNode.textContent) : {};
  const typing = (event) => ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);

  if (data.screen === "queue") queueScreen();
  if (data.screen === "deliberation") deliberationScreen();

  function queueScreen() {
    const rows = Array.from(document.querySelectorAll("tr[data-href]"));
    let current = -1;
    const pick = (i) => {
      if (!rows.length) return;
      current = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach((r, k) => r.classList.toggle("selected", k === current));
      rows[current].scrollIntoView({block: "nearest"});
    };
    rows.forEach((row, i) => row.addEventListener("click", (event) => {
      if (event.target.tagName !== "A") location.href = row.dataset.href;
      pick(i);
    }));
    document.querySelectorAll(".filters select").forEach((s) => s.addEventListener("change", () => s.form.submit()));
    document.addEventListener("keydown", (event) => {
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "j" || event.key === "ArrowDown") { pick(current + 1); event.preventDefault(); }
      else if (event.key === "k" || event.key === "ArrowUp") { pick(current - 1); event.preventDefault(); }
      else if (event.key === "Enter" && current >= 0) location.href = rows[current].dataset.href;
    });
    if (rows.length) pick(0);
  }

  function deliberationScreen() {
    const items = Array.from(document.querySelectorAll("#fields li.field"));
    const names = items.map((li) => li.dataset.field);
    let current = -1;
    let editing = null;

    flash();
    const wanted = new URLSearchParams(location.hash.slice(1)).get("f");
    const first = names.indexOf(wanted) >= 0 ? names.indexOf(wanted)
      : Math.max(0, items.findIndex((li) => li.classList.contains("doubtful")));
    select(first);

    items.forEach((li, i) => {
      li.addEventListener("click", (event) => { if (!li.contains(editing)) select(i); });
      li.addEventListener("dblclick", () => edit());
      li.querySelector("form.editor").addEventListener("submit", (event) => {
        event.preventDefault();
        if (editing === event.target) save("set", event.target.querySelector("input").value);
      });
    });
    // page images load after the first drawing: scroll to the boxes once they have their size
    document.querySelectorAll(".page img").forEach((img) => img.addEventListener("load", () => draw(true)));
    document.addEventListener("keydown", keys);

    function keys(event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (editing) {
        if (event.key === "Escape") { closeEditor(); event.preventDefault(); }
        return;
      }
      if (typing(event)) return;
      const actions = {
        j: () => select(current + 1), ArrowDown: () => select(current + 1),
        k: () => select(current - 1), ArrowUp: () => select(current - 1),
        e: edit, Enter: edit, a: () => save("accept"), n: () => save("null"), u: () => save("undo"),
        ArrowRight: () => go(data.next), "]": () => go(data.next),
        ArrowLeft: () => go(data.previous), "[": () => go(data.previous), q: () => go(data.queue),
      };
      const action = actions[event.key];
      if (action) { event.preventDefault(); action(); }
    }

    function go(url) { if (url) location.href = url; }

    function select(i) {
      if (!items.length) return;
      current = Math.max(0, Math.min(items.length - 1, i));
      items.forEach((li, k) => li.classList.toggle("selected", k === current));
      items[current].scrollIntoView({block: "nearest"});
      history.replaceState(null, "", "#f=" + names[current]);
      draw(true);
    }

    // The selected field's boxes, drawn over the page images as percentages of each page.
    function draw(scroll) {
      document.querySelectorAll(".marks").forEach((m) => m.replaceChildren());
      const field = data.fields[names[current]];
      if (!field) return;
      let firstMark = null;
      for (const r of field.boxes.rects) {
        const layer = document.querySelector(`.page[data-page="${r.page}"] .marks`);
        if (!layer) continue;
        const mark = document.createElement("div");
        mark.className = "mark";
        mark.dataset.field = names[current];
        const pad = 0.004;
        Object.assign(mark.style, {
          left: `${(r.left - pad) * 100}%`, top: `${(r.top - pad) * 100}%`,
          width: `${(r.right - r.left + 2 * pad) * 100}%`, height: `${(r.bottom - r.top + 2 * pad) * 100}%`,
        });
        layer.appendChild(mark);
        firstMark = firstMark || mark;
      }
      if (firstMark && scroll) firstMark.scrollIntoView({block: "center", inline: "nearest"});
    }

    function edit() {
      if (!data.writable) return message("This server is read-only.");
      const li = items[current];
      const form = li.querySelector("form.editor");
      const input = form.querySelector("input");
      form.hidden = false;
      li.classList.add("editing");
      input.value = data.fields[names[current]].edit;
      form.querySelector(".error").textContent = "";
      editing = form;
      input.focus();
      input.select();
    }

    function closeEditor() {
      if (!editing) return;
      editing.querySelector("input").blur();  // the keys are the page's again
      editing.hidden = true;
      editing.closest("li").classList.remove("editing");
      editing = null;
    }

    async function save(action, value) {
      if (!data.writable) return message("This server is read-only.");
      const name = names[current];
      const body = {action};
      if (value !== undefined) body.value = value;
      let answer;
      try {
        const response = await fetch(`/d/${data.id}/${name}`, {
          method: "POST", credentials: "same-origin",
          headers: {"Content-Type": "application/json", "X-Registre-CSRF": data.csrf}, body: JSON.stringify(body),
        });
        answer = await response.json();
      } catch (err) {
        answer = {error: `the server did not answer (${err})`};
      }
      if (answer.error) return refuse(answer.error);
      sessionStorage.setItem("registre-flash", answer.message);
      // after accepting, carry on with the next field in doubt
      const next = action === "accept" ? nextDoubtful(current) : current;
      history.replaceState(null, "", "#f=" + names[next]);
      location.reload();
    }

    function nextDoubtful(i) {
      for (let k = i + 1; k < items.length; k++) if (items[k].classList.contains("doubtful")) return k;
      return i;
    }

    function refuse(text) {
      if (editing) editing.querySelector(".error").textContent = text;
      else message(text, true);
    }

    function message(text, bad) {
      let box = document.getElementById("flash");
      if (!box) {
        box = document.createElement("p");
        box.id = "flash";
        document.body.appendChild(box);
      }
      box.textContent = text;
      box.className = bad ? "bad" : "";
      clearTimeout(box.timer);
      box.timer = setTimeout(() => box.remove(), 4000);
    }

    function flash() {
      const text = sessionStorage.getItem("registre-flash");
      if (text) { sessionStorage.removeItem("registre-flash"); message(text); }
    }
  }
})();
