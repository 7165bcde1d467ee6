package org.exportcert.engine.state;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;

/**
 * An insertion-ordered set for what most element instances hold none or one of (a scope's active
 * children): nothing is allocated while it is empty, one element is held directly, a
 * {@link LinkedHashSet} only while it holds two or more. Iteration order is insertion order, as before.
 */
public final class SmallSet<E> extends AbstractSet<E> implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private E one;
  private LinkedHashSet<E> many;

  @Override
  public boolean add(E element) {
    if (many != null) {
      return many.add(element);
    }
    if (one == null) {
      one = java.util.Objects.requireNonNull(element);
      return true;
    }
    if (one.equals(element)) {
      return false;
    }
    many = new LinkedHashSet<>();
    many.add(one);
    many.add(element);
    one = null;
    return true;
  }

  @Override
  public boolean remove(Object element) {
    if (many != null) {
      boolean removed = many.remove(element);
      collapse();
      return removed;
    }
    if (one != null && one.equals(element)) {
      one = null;
      return true;
    }
    return false;
  }

  /** Back to no storage or one element held directly (a scope's children come and go one at a time). */
  private void collapse() {
    if (many.size() <= 1) {
      one = many.isEmpty() ? null : many.iterator().next();
      many = null;
    }
  }

  @Override
  public boolean contains(Object element) {
    return many != null ? many.contains(element) : one != null && one.equals(element);
  }

  @Override
  public int size() {
    return many != null ? many.size() : one != null ? 1 : 0;
  }

  @Override
  public void clear() {
    one = null;
    many = null;
  }

  @Override
  public Iterator<E> iterator() {
    if (many != null) {
      Iterator<E> inner = many.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return inner.hasNext();
        }

        @Override
        public E next() {
          return inner.next();
        }

        @Override
        public void remove() {
          inner.remove(); // no collapse here: the iteration goes on over this set
        }
      };
    }
    return new Iterator<>() {
      private boolean done = one == null;
      private boolean removable;

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public E next() {
        if (done) {
          throw new NoSuchElementException();
        }
        done = true;
        removable = true;
        return one;
      }

      @Override
      public void remove() {
        if (!removable) {
          throw new IllegalStateException();
        }
        removable = false;
        one = null;
      }
    };
  }
}
