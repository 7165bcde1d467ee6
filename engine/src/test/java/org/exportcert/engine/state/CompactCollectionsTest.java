package org.exportcert.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The element instance's compact collections behave as the JDK collections they replace. */
class CompactCollectionsTest {

  @Test
  void smallSetKeepsInsertionOrderAcrossItsThreeShapes() {
    SmallSet<String> set = new SmallSet<>();
    assertThat(set).isEmpty();
    assertThat(set.add("b")).isTrue();
    assertThat(set.add("b")).isFalse();
    assertThat(set).containsExactly("b");
    set.add("a");
    set.add("c");
    assertThat(set).containsExactly("b", "a", "c");
    assertThat(set.remove("a")).isTrue();
    assertThat(set.remove("a")).isFalse();
    assertThat(set.remove("b")).isTrue();
    assertThat(set).containsExactly("c"); // back to one held directly
    set.add("d");
    assertThat(set).containsExactly("c", "d");
    assertThat(set.contains("d")).isTrue();
    set.clear();
    assertThat(set).isEmpty();
    assertThat(set.contains("c")).isFalse();
  }

  @Test
  void smallSetIteratorRemoves() {
    SmallSet<String> one = new SmallSet<>();
    one.add("x");
    Iterator<String> it = one.iterator();
    it.next();
    it.remove();
    assertThat(one).isEmpty();

    SmallSet<String> many = new SmallSet<>();
    List.of("a", "b", "c").forEach(many::add);
    many.removeIf(s -> !s.equals("b"));
    assertThat(many).containsExactly("b");
  }

  @Test
  void lazyMapMergesAndForgetsEmptiedTokens() {
    LazyMap<String, Integer> tokens = new LazyMap<>();
    assertThat(tokens.getOrDefault("f", 0)).isZero();
    tokens.merge("f", 1, Integer::sum);
    tokens.merge("f", 1, Integer::sum);
    tokens.merge("g", 1, Integer::sum);
    assertThat(tokens).containsEntry("f", 2).containsEntry("g", 1);
    tokens.computeIfPresent("g", (k, v) -> v == 1 ? null : v - 1);
    assertThat(tokens).containsOnlyKeys("f");
    assertThat(new ArrayList<>(tokens.keySet())).containsExactly("f");
    tokens.clear();
    assertThat(tokens.entrySet()).isEmpty();
  }

  @Test
  void ownedKeysShareTheEmptyListWhenNoneAreOwned() {
    ElementInstance ei = new ElementInstance();
    assertThat(ei.timerKeys).isSameAs(List.of());
    ei.ownTimer(7);
    ei.ownTimer(9);
    assertThat(ei.timerKeys).containsExactly(7L, 9L);
    ei.releaseTimer(7);
    assertThat(ei.timerKeys).containsExactly(9L);
    ei.releaseTimer(9);
    assertThat(ei.timerKeys).isEmpty();
    ei.releaseTimer(9); // nothing owned: no exception
    ei.ownSubscription(1);
    ei.ownSignalSubscription(2);
    ei.releaseSubscriptions();
    ei.releaseSignalSubscriptions();
    assertThat(ei.subscriptionKeys).isEmpty();
    assertThat(ei.signalSubscriptionKeys).isEmpty();
  }
}
