// 正文编辑器: turns each <textarea data-body-editor> into a rich-text editor.
//
// The editor is django-prose-editor's Tiptap/ProseMirror bundle, served from that package's wheel (no CDN);
// the textarea names its URL in data-editor-module. This module is ours: it builds the editor itself rather
// than through the package's presets, because those need an inline import map and let Tiptap inject a
// <style> element, both of which the Content-Security-Policy refuses (script-src/style-src 'self').
// Without JavaScript, or when the bundle cannot load, the plain textarea stays and takes text or HTML.
// Whatever the editor writes into the textarea is cleaned again on the server (nh3, publishing/sanitize.py).

const LABELS = {
  bold: "加粗", italic: "倾斜", underline: "下划线", strike: "删除线", subscript: "下标", superscript: "上标",
  "unordered list": "项目符号列表", "ordered list": "编号列表", blockquote: "引用", "horizontal rule": "分隔线",
  "insert link": "插入链接", "remove link": "取消链接", "Insert table": "插入表格", "Merge cells": "合并单元格",
  "Split cell": "拆分单元格", undo: "撤销", redo: "重做", "edit HTML": "编辑 HTML", paragraph: "正文段落",
  "Toggle fullscreen": "全屏", "Add column": "插入列", "Delete column": "删除列", "Add row": "插入行",
  "Delete row": "删除行", "Toggle header cell": "设为表头/取消表头", "Delete table": "删除表格",
  "Heading 2": "二级标题", "Heading 3": "三级标题", "Heading 4": "四级标题", Paragraph: "正文段落",
  // dialogs
  "Edit Link": "编辑链接", URL: "链接地址", Title: "标题", "Open in new window": "在新窗口打开",
  "Insert Table": "插入表格", "Table Properties": "表格属性", Rows: "行数", Columns: "列数",
  "Include header row": "包含表头行", Insert: "插入", Update: "确定", Cancel: "取消", "Edit HTML": "编辑 HTML",
  Prettify: "整理格式", "List properties": "列表属性", "List type": "列表类型", "Start at": "起始编号",
  "Decimal numbers": "1, 2, 3", "Lowercase letters": "a, b, c", "Uppercase letters": "A, B, C",
  "Lowercase Roman numerals": "i, ii, iii", "Uppercase Roman numerals": "I, II, III",
  "The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema.":
    "编辑器中的 HTML。只保留编辑器支持的格式，保存时还会再做安全清理。",
};
// The bundle reads window.gettext once, when it is first imported: set it before the import below.
if (!window.gettext) window.gettext = (text) => LABELS[text] || text;

const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Style attributes are taken out before the editor parses the body: the browser reports every one it meets
// while parsing as a policy violation (style-src-attr), and the editor's schema has no place for them anyway
// (a body whose 正文 is not edited keeps them: the textarea is sent back unchanged).
const STYLE_ATTR = /\sstyle\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

// A plain-text body (no tags) is paragraphs separated by blank lines, as publishing/sanitize.py reads it.
function asHtml(value) {
  const text = value.replace(/\r\n/g, "\n").trim();
  if (!text || (text.includes("<") && text.includes(">"))) return text.replace(STYLE_ATTR, "");
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => "<p>" + escapeHtml(block).replace(/\n/g, "<br>") + "</p>")
    .join("");
}

function labelOf(textarea) {
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
  return label ? label.textContent.replace("*", "").trim() : "正文";
}

function labelMenu(wrapper) {
  for (const button of wrapper.querySelectorAll(".prose-menubar button")) {
    const english = button.getAttribute("title") || button.getAttribute("aria-label") || button.textContent.trim();
    const chinese = LABELS[english];
    if (!chinese) continue;
    button.setAttribute("title", chinese);
    button.setAttribute("aria-label", chinese);
    if (button.classList.contains("prose-menubar__option")) (button.firstElementChild || button).textContent = chinese;
  }
}

async function start(textarea) {
  const E = await import(textarea.dataset.editorModule);
  // Tables render without Tiptap's style="min-width: …" (a style attribute the policy refuses); the page's
  // CSS sizes them.
  const Table = E.Table.extend({
    renderHTML({ HTMLAttributes }) {
      return ["table", HTMLAttributes, ["tbody", 0]];
    },
  });
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor body-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  let editor;
  try {
    editor = new E.Editor({
      element: wrapper,
      injectCSS: false, // editor.css (from the package, linked by the page) has the styles
      content: asHtml(textarea.value),
      editorProps: {
        attributes: { role: "textbox", "aria-multiline": "true", "aria-label": labelOf(textarea) },
      },
      extensions: [
        E.Document, E.Paragraph, E.Text, E.HardBreak, E.Dropcursor, E.Gapcursor, E.History,
        E.Heading.configure({ levels: [2, 3, 4] }),
        E.Bold, E.Italic, E.Underline, E.Strike, E.Subscript, E.Superscript,
        E.BulletList, E.OrderedList, E.ListItem, E.Blockquote, E.HorizontalRule,
        E.Link.configure({ openOnClick: false }),
        Table, E.TableRow, E.TableHeader, E.TableCell,
        E.HTML, E.Menu,
      ],
      onUpdate({ editor }) {
        const html = editor.getHTML();
        textarea.value = EMPTY.test(html) ? "" : html;
      },
    });
  } catch (error) {
    wrapper.before(textarea); // back to the plain textarea
    wrapper.remove();
    throw error;
  }
  // the menu bar is built when the editor has been created (Tiptap's "create", a tick later)
  await new Promise((resolve) => editor.on("create", resolve));
  labelMenu(wrapper);
  textarea.dispatchEvent(new CustomEvent("body-editor:ready", { detail: { editor }, bubbles: true }));
  return editor;
}

for (const textarea of document.querySelectorAll("textarea[data-body-editor]")) {
  start(textarea).catch((error) => {
    // the textarea is still there and still works
    console.warn("正文编辑器未能加载，改用纯文本输入框。", error);
  });
}
