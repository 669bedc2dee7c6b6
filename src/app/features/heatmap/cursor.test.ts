import { describe, expect, it } from 'vitest';
import { cellAt, cellCenter, moveCursor } from './cursor';

describe('cellAt', () => {
  it('maps a point in a 600 px box of a 600×600 matrix to row = y, column = x', () => {
    expect(cellAt(10.5, 20.2, 600, 600, 600)).toEqual({ i: 20, j: 10 });
  });

  it('scales when the box is larger or smaller than the matrix', () => {
    expect(cellAt(299, 0, 300, 300, 600)).toEqual({ i: 0, j: 598 });
    expect(cellAt(150, 450, 600, 600, 4)).toEqual({ i: 3, j: 1 });
  });

  it('gives the last cell on the right/bottom edge and null outside', () => {
    expect(cellAt(600, 600, 600, 600, 600)).toEqual({ i: 599, j: 599 });
    expect(cellAt(-1, 5, 600, 600, 600)).toBeNull();
    expect(cellAt(5, 601, 600, 600, 600)).toBeNull();
    expect(cellAt(5, 5, 0, 600, 600)).toBeNull();
  });

  it('is the inverse of cellCenter', () => {
    const c = cellCenter({ i: 7, j: 42 }, 333, 333, 100);
    expect(cellAt(c.x, c.y, 333, 333, 100)).toEqual({ i: 7, j: 42 });
  });
});

describe('moveCursor', () => {
  it('moves one cell per arrow and ten with Shift, clamped to the matrix', () => {
    expect(moveCursor({ i: 5, j: 5 }, 'ArrowRight', 10)).toEqual({ i: 5, j: 6 });
    expect(moveCursor({ i: 5, j: 5 }, 'ArrowUp', 10)).toEqual({ i: 4, j: 5 });
    expect(moveCursor({ i: 5, j: 5 }, 'ArrowDown', 10, true)).toEqual({ i: 9, j: 5 });
    expect(moveCursor({ i: 0, j: 0 }, 'ArrowLeft', 10)).toEqual({ i: 0, j: 0 });
  });

  it('supports Home/End/PageUp/PageDown and ignores other keys', () => {
    expect(moveCursor({ i: 3, j: 3 }, 'End', 10)).toEqual({ i: 3, j: 9 });
    expect(moveCursor({ i: 3, j: 3 }, 'Home', 10)).toEqual({ i: 3, j: 0 });
    expect(moveCursor({ i: 3, j: 3 }, 'PageUp', 10)).toEqual({ i: 0, j: 3 });
    expect(moveCursor({ i: 3, j: 3 }, 'x', 10)).toBeNull();
  });
});
