package org.exportcert.api.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dictionaries of what the modeler's editors render without a translate hook: the form
 * editor's words (js/i18n/form-editor-zh.js) and the element templates' fields
 * (js/i18n/template-fields-zh.js). The console swaps only texts equal to a key, so a key that
 * differs from the library's or the template's text by a letter would silently stay English.
 */
class EditorChromeDictionariesTest {

  static final Path I18N = ConsoleCatalogsTest.CONSOLE.resolve("js/i18n");
  static final Pattern HAN = ConsoleCatalogsTest.HAN;
  static final Pattern ENTRY = Pattern.compile("^  '((?:[^'\\\\]|\\\\.)+)': '((?:[^'\\\\]|\\\\.)*)',$");
  static final Pattern BLOCK = Pattern.compile("^export const (\\w+) = \\{$");
  static final Pattern IDENTIFIER = Pattern.compile("[a-z][A-Za-z0-9]*");
  static final Pattern STORE_AS = Pattern.compile("Store [A-Za-z][A-Za-z0-9]* as");

  /** block name → English → Chinese, each line of a block an entry (comments and blank lines aside). */
  static Map<String, Map<String, String>> blocks(Path file) throws IOException {
    Map<String, Map<String, String>> blocks = new LinkedHashMap<>();
    Map<String, String> into = null;
    List<String> notAnEntry = new ArrayList<>();
    for (String line : ConsoleCatalogsTest.read(file).split("\n")) {
      Matcher start = BLOCK.matcher(line);
      if (start.matches()) {
        into = new LinkedHashMap<>();
        blocks.put(start.group(1), into);
      } else if (line.equals("};") || line.equals("];")) {
        into = null;
      } else if (into != null && !line.isBlank() && !line.trim().startsWith("//")) {
        Matcher m = ENTRY.matcher(line);
        if (m.matches()) {
          String english = unescape(m.group(1));
          assertThat(into.put(english, unescape(m.group(2)))).as("duplicate key " + english).isNull();
        } else {
          notAnEntry.add(line);
        }
      }
    }
    assertThat(notAnEntry).as("lines of " + file.getFileName() + " that are not 'English': 'Chinese',").isEmpty();
    return blocks;
  }

  static String unescape(String js) {
    return js.replace("\\n", "\n").replace("\\'", "'").replace("\\\"", "\"");
  }

  @Test
  void theFormEditorsWordsAreTheLibrarysOwnTextsInChinese() throws IOException {
    Map<String, Map<String, String>> blocks = blocks(I18N.resolve("form-editor-zh.js"));
    assertThat(blocks).containsKeys("types", "strings", "panel", "canvas");
    blocks.forEach((block, entries) -> entries.forEach((k, v) -> assertThat(v).as(block + ": " + k).containsPattern(HAN)));
    // what a program manager meets first: the palette's groups and types, the panel's groups and labels
    assertThat(blocks.get("types")).containsKeys("Text field", "Select", "Radio group", "Checkbox", "Text view", "Form");
    assertThat(blocks.get("strings")).containsKeys("Input", "Selection", "Presentation", "Search components", "General",
        "Validation", "Field label", "Field description", "Key", "Required", "Must not be empty.", "Must be unique.");
    assertThat(blocks.get("canvas")).containsKeys("Build your form", "Select");

    // the editor as the build serves it (copied from npm into target/classes by process-resources)
    String bundle = ConsoleCatalogsTest.read(Path.of("target/classes/static/vendor/form-js/form-editor.umd.js"));
    List<String> unknown = new ArrayList<>();
    blocks.values().forEach(entries -> entries.keySet().stream().filter(k -> !inBundle(bundle, k)).forEach(unknown::add));
    assertThat(unknown).as("keys form-editor.umd.js does not render").isEmpty();
  }

  /** As a string literal (quotes escaped in it or not); a text of paragraphs paragraph by paragraph; the FEEL toggle's title from its template. */
  static boolean inBundle(String bundle, String key) {
    if (key.contains("\n\n")) {
      return java.util.Arrays.stream(key.split("\n\n")).allMatch(bundle::contains);
    }
    if (key.matches("Click to (remove|set a) dynamic value with FEEL expression")) {
      return bundle.contains("`Click to ${active ? 'remove' : 'set a'} dynamic value with FEEL expression`");
    }
    return Set.of("'", "\"", "`").stream().anyMatch(q -> bundle.contains(q + key + q)
        || bundle.contains(q + key.replace(q, "\\" + q) + q));
  }

  @Test
  void everyElementTemplateFieldReadsInChinese() throws IOException {
    Map<String, String> fields = blocks(I18N.resolve("template-fields-zh.js")).get("fields");
    assertThat(fields).isNotEmpty();
    fields.forEach((k, v) -> assertThat(v).as(k).containsPattern(HAN));
    assertThat(ConsoleCatalogsTest.read(I18N.resolve("template-fields-zh.js")))
        .as("'Store x as' keeps the variable name").contains("[/^Store ([A-Za-z][A-Za-z0-9]*) as$/, '将 {1} 保存为', true]");

    // each template's description and each field's label and description that is words, not a
    // variable name, has its Chinese; and the dictionary holds nothing else
    Set<String> texts = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    for (Path f : ConsoleCatalogsTest.files(Path.of("../bpmn/element-templates"), ".json")) {
      JsonNode root = json.readTree(f.toFile());
      for (JsonNode t : root.isArray() ? root : json.createArrayNode().add(root)) {
        if (t.hasNonNull("description")) {
          texts.add(t.path("description").asText());
        }
        for (JsonNode p : t.path("properties")) {
          for (String k : List.of("label", "description", "tooltip")) {
            String text = p.path(k).asText("");
            if (!text.isEmpty() && !IDENTIFIER.matcher(text).matches() && !STORE_AS.matcher(text).matches()) {
              texts.add(text);
            }
          }
        }
      }
    }
    assertThat(fields.keySet()).as("template texts without Chinese").containsAll(texts);
    assertThat(texts).as("keys no element template has").containsAll(fields.keySet());
  }
}
