/** Keeps React Flow's element's `data-detail` in step with the zoom (detailLevel.ts). */
import { useStore } from '@xyflow/react';
import { useLayoutEffect, useRef } from 'react';
import { detailLevel, type DetailLevel as Level } from './detailLevel.ts';

export function DetailLevel() {
  const zoom = useStore((s) => s.transform[2]);
  const domNode = useStore((s) => s.domNode);
  const level = useRef<Level>('near');
  // Before paint, so a fitted view is never drawn once at the wrong level.
  useLayoutEffect(() => {
    level.current = detailLevel(zoom, level.current);
    if (domNode && domNode.dataset.detail !== level.current) domNode.dataset.detail = level.current;
  }, [zoom, domNode]);
  return null;
}
