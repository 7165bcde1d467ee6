package org.exportcert.engine.feel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an ad-hoc activity's fromAi calls describe, read by the one bracket scanner. */
class FromAiTest {

  final Feel feel = new Feel(System::currentTimeMillis);

  @Test
  void aCallClosesAfterNestedBracketsAndStringsAndSplitsOnlyAtTopLevelCommas() {
    String text = "f(a, [1, (2)], {k: \"x, )\"}, \"say \\\"hi\\\", )\") + 1";
    FromAi.Call call = FromAi.call(text, 1);
    assertThat(call.close()).isEqualTo(text.indexOf(") + 1"));
    assertThat(call.arguments()).containsExactly("a", "[1, (2)]", "{k: \"x, )\"}", "\"say \\\"hi\\\", )\"");
  }

  @Test
  void anEmptyCallHasNoArgumentsAndAnUnclosedOneIsNone() {
    assertThat(FromAi.call("f( )", 1).arguments()).isEmpty();
    assertThat(FromAi.call("f(a, \"b)", 1)).isNull();
    assertThat(FromAi.call("f(a, (b)", 1)).isNull();
  }

  @Test
  void eachCallDescribesItsParameterByPositionOrByName() {
    List<Map<String, Object>> parameters = FromAi.parameters(
        "={q: fromAi(toolCall.query, \"the words, in order\", \"string\"),"
            + " n: fromAi (value: toolCall.limit, type: \"number\", description: \"at most (1-10)\")}", feel);
    assertThat(parameters).containsExactly(
        Map.of("name", "query", "description", "the words, in order", "type", "string"),
        Map.of("name", "limit", "description", "at most (1-10)", "type", "number"));
  }

  @Test
  void notACallOrNotAnExpressionDescribesNothing() {
    assertThat(FromAi.parameters("fromAi(toolCall.q)", feel)).as("a static value").isEmpty();
    assertThat(FromAi.parameters("=myfromAi(toolCall.q) + fromAi", feel)).isEmpty();
    assertThat(FromAi.parameters("=fromAi(toolCall.q, \"never closed\"", feel)).isEmpty();
  }
}
