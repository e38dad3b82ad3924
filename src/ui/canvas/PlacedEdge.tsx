/**
 * A straight edge whose label sits where edgeLabels.ts placed it along the line (the middle
 * unless that was taken). The canvas styles edges by class only (canvas.css), so no style,
 * marker or label style props are passed on.
 */
import { BaseEdge, getStraightPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { labelT } from './edgeLabels.ts';

function PlacedEdgeView(props: EdgeProps) {
  const { id, sourceX, sourceY, targetX, targetY, label } = props;
  const [path] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  const t = labelT(props);
  return (
    <BaseEdge
      id={id}
      path={path}
      labelX={sourceX + (targetX - sourceX) * t}
      labelY={sourceY + (targetY - sourceY) * t}
      label={label}
    />
  );
}

export const PlacedEdge = memo(PlacedEdgeView);
