// Accessible names for controls drawn inside Bokeh's shadow roots, and the keyboard help.
// A page may call it more than once (the plot's rules, then the app's): rules add up.
//
// Bokeh and Panel render each widget in a shadow root of its own and give some of their
// inner controls no name: slider handles, number inputs' spinner buttons, checkboxes, and
// selects without a visible title. `optiviz_access(rules, shortcuts)` names them once the
// page is ready and again whenever a view re-renders (a mutation observer on every shadow
// root), so a name survives a new label or a rebuilt row.
//
// rules: [{host, select, attributes}]: in the shadow roots of an element with CSS
//   class `host` (its own and those nested in it), the elements matching `select` (":host":
//   that element) get `attributes`; "{row}" in a value is the
//   number of the optimizer row around it (class ov-row-N, counted from 1), "{label}" the
//   text of the widget's own label. Later rules win (the playing player's "pause").
// A rule with `error: class` (and `scope: class`) ties a message to its field: while an
//   element with class `error` is shown (in the same element of class `scope` as the field,
//   e.g. its optimizer row), the field is aria-invalid and its description is the message.
// shortcuts: [[keys, what]] listed by the help popover that "?" opens and closes.

function optiviz_access(rules, shortcuts) {
  if (window._optiviz_access != null) {
    window._optiviz_access.add(rules)
    return window._optiviz_access
  }
  const a = {rules: [...rules], observed: new WeakSet(), queued: false}
  window._optiviz_access = a

  // Ancestors across shadow boundaries, the element first.
  function* ancestors(element) {
    while (element != null) {
      yield element
      element = element.parentElement ?? element.getRootNode().host ?? null
    }
  }

  function row_of(element) {
    for (const e of ancestors(element)) {
      const found = [...e.classList].find((c) => /^ov-row-\d+$/.test(c))
      if (found != null) {
        return String(Number(found.slice(7)) + 1)
      }
    }
    return ""
  }

  function label_of(root) {
    const label = root.querySelector("label, .bk-slider-title")
    return label == null ? "" : label.textContent.replace(/[:\s]+$/, "").trim()
  }

  function fill(value, root, host) {
    return value.replace("{row}", row_of(host)).replace("{label}", label_of(root))
  }

  function set(element, name, value) {
    if (element.getAttribute(name) !== value) {
      element.setAttribute(name, value)
    }
  }

  function within(host, name) {
    for (const e of ancestors(host)) {
      if (e.classList.contains(name)) {
        return true
      }
    }
    return false
  }

  // The text in `node` and the shadow roots below it, without style sheets.
  function text_of(node) {
    return [...(node.shadowRoot ?? node).childNodes].map((child) =>
      child.nodeType === Node.TEXT_NODE ? child.textContent
      : child.nodeType === Node.ELEMENT_NODE && child.tagName !== "STYLE" ? text_of(child)
      : "").join(" ")
  }

  // The text of the shown element of class `rule.error` in the field's scope, or "".
  function message(host, rule) {
    let scope = document
    for (const e of ancestors(host)) {
      if (rule.scope != null && e.classList.contains(rule.scope)) {
        scope = e.shadowRoot ?? e
        break
      }
    }
    let found = ""
    const look = (root) => root.querySelectorAll("*").forEach((e) => {
      if (found === "" && e.classList.contains(rule.error) && e.checkVisibility()) {
        found = text_of(e).replace(/\s+/g, " ").trim()
      }
      if (e.shadowRoot != null) {
        look(e.shadowRoot)
      }
    })
    look(scope)
    return found
  }

  function describe(element, text) {
    if (text) {
      set(element, "aria-invalid", "true")
      set(element, "aria-description", text)
    } else if (element.hasAttribute("aria-invalid")) {
      element.removeAttribute("aria-invalid")
      element.removeAttribute("aria-description")
    }
  }

  // Names every control that needs one in `root` (a shadow root) and its host. A rule
  // reaches into the shadow roots nested below its host (Panel's composite widgets).
  function name_root(root) {
    const host = root.host
    for (const rule of a.rules) {
      const own = host.classList.contains(rule.host)
      if (rule.select === ":host" ? !own : !within(host, rule.host)) {
        continue
      }
      const targets = rule.select === ":host" ? [host] : root.querySelectorAll(rule.select)
      for (const element of targets) {
        for (const [key, value] of Object.entries(rule.attributes ?? {})) {
          set(element, key, fill(value, root, host))
        }
        if (rule.error != null) {
          describe(element, message(host, rule))
        }
      }
    }
    // What every widget of a kind needs: spinner buttons, unnamed slider handles and boxes.
    const label = label_of(root)
    for (const button of root.querySelectorAll(".bk-spin-btn")) {
      const up = button.classList.contains("bk-spin-btn-up")
      set(button, "aria-label", `${up ? "increase" : "decrease"} ${label}`.trim())
      set(button, "tabindex", "-1")
    }
    for (const handle of root.querySelectorAll("[role=slider]:not([aria-label])")) {
      if (label) {
        set(handle, "aria-label", label)
      }
    }
    for (const box of root.querySelectorAll("input[type=checkbox]:not([aria-label])")) {
      const text = (box.nextElementSibling ?? box.parentElement)?.textContent.trim()
      if (text) {
        set(box, "aria-label", text)
      }
    }
  }

  // A focus ring that shows on every background (Bokeh's own is a faint dotted line).
  const focus = new CSSStyleSheet()
  focus.replaceSync(
    ":focus-visible { outline: 3px solid #1d4ed8 !important; outline-offset: 1px !important; }")

  // Walks `root` and every shadow root below it, observing each one for re-renders.
  function walk(root) {
    if (!a.observed.has(root)) {
      a.observed.add(root)
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, focus]
      const changes = {childList: true, subtree: true, attributeFilter: ["style", "class"]}
      new MutationObserver(queue).observe(root, changes)
    }
    if (root.host != null) {
      name_root(root)
    }
    for (const element of root.querySelectorAll("*")) {
      if (element.shadowRoot != null) {
        walk(element.shadowRoot)
      }
    }
  }

  function queue() {
    if (!a.queued) {
      a.queued = true
      setTimeout(() => {
        a.queued = false
        walk(document)
      }, 100)
    }
  }

  // The help popover: the player's shortcuts, opened and closed with "?" (Escape closes).
  function help_popover() {
    const box = document.createElement("div")
    box.id = "ov-shortcuts"
    box.setAttribute("popover", "")
    box.setAttribute("role", "dialog")
    box.setAttribute("aria-label", "keyboard shortcuts")
    box.style.cssText = "padding:14px 18px;border:1px solid #52606d;border-radius:6px;" +
      "background:#ffffff;color:#1f2933;font:15px/1.5 system-ui,sans-serif;max-width:90vw"
    const rows = shortcuts.map(([keys, what]) =>
      `<tr><th scope="row" style="text-align:left;padding-right:14px"><kbd>${keys}</kbd></th>` +
      `<td>${what}</td></tr>`).join("")
    box.innerHTML = "<h2 style='font-size:17px;margin:0 0 8px'>Keyboard shortcuts</h2>" +
      `<table>${rows}</table>` +
      "<button type='button' style='margin-top:10px;font:inherit'>close</button>"
    box.querySelector("button").addEventListener("click", () => box.hidePopover())
    document.body.append(box)
    return box
  }

  a.help = function () {
    a.popover = a.popover ?? help_popover()
    a.popover.togglePopover()
    if (a.popover.matches(":popover-open")) {
      a.popover.querySelector("button").focus()
    }
  }

  function typing(event) {
    const target = event.composedPath()[0]
    const tag = target?.tagName?.toLowerCase() ?? ""
    return ["input", "textarea", "select"].includes(tag) || target?.isContentEditable
  }

  // More rules (a second install on the same page): named at once.
  a.add = function (more) {
    a.rules.push(...more)
    walk(document)
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "?" && !typing(event) && !event.ctrlKey && !event.metaKey) {
      event.preventDefault()
      a.help()
    }
  })
  walk(document)
  return a
}
