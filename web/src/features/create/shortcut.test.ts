import { describe, expect, it } from "vitest";
import { isShortcutTarget } from "./shortcut";

function inside(html: string, selector: string): Element {
  document.body.innerHTML = html;
  const element = document.querySelector(selector);
  if (!element) throw new Error(`no ${selector}`);
  return element;
}

describe("isShortcutTarget", () => {
  it("takes keys pressed on the page itself or on a button", () => {
    expect(isShortcutTarget(document.body)).toBe(true);
    expect(isShortcutTarget(inside("<main><button>x</button></main>", "button"))).toBe(true);
    expect(isShortcutTarget(null)).toBe(true);
  });

  it("leaves keys typed into fields, the table and dialogs alone", () => {
    expect(isShortcutTarget(inside("<input />", "input"))).toBe(false);
    expect(isShortcutTarget(inside("<textarea></textarea>", "textarea"))).toBe(false);
    expect(isShortcutTarget(inside("<select></select>", "select"))).toBe(false);
    expect(isShortcutTarget(inside("<div contenteditable><b>x</b></div>", "b"))).toBe(false);
    expect(isShortcutTarget(inside("<revo-grid><div>cell</div></revo-grid>", "div"))).toBe(false);
    expect(isShortcutTarget(inside("<dialog open><p>x</p></dialog>", "p"))).toBe(false);
  });
});
