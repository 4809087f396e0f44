import type { ComponentType } from 'react';
import {
  ApiOutlined, BarChartOutlined, BranchesOutlined, CheckSquareOutlined, ClockCircleOutlined, CloseCircleOutlined, ClusterOutlined, DashboardOutlined,
  DatabaseOutlined, FileDoneOutlined, ForkOutlined, FunctionOutlined, HourglassOutlined, MailOutlined, MergeOutlined, PartitionOutlined,
  RetweetOutlined, RollbackOutlined, SolutionOutlined, SwapOutlined, ThunderboltOutlined,
} from '@ant-design/icons';
import type { NodeKind } from '@lienthong/schemas';

/** SVG icons: drawn the same on every machine (Unicode glyphs showed as empty boxes where a font lacked them). */
const KIND: Record<NodeKind, ComponentType> = {
  trigger: ThunderboltOutlined, call: SwapOutlined, transform: FunctionOutlined, switch: BranchesOutlined, parallel: ForkOutlined, join: MergeOutlined,
  foreach: RetweetOutlined, wait: HourglassOutlined, task: SolutionOutlined, delay: ClockCircleOutlined, subflow: PartitionOutlined, respond: RollbackOutlined, end: CheckSquareOutlined,
  fail: CloseCircleOutlined,
};
const CATEGORY: Record<string, ComponentType> = {
  ngsp: DatabaseOutlined, dvcqg: FileDoneOutlined, lgsp: ClusterOutlined, reporting: BarChartOutlined, ioc: DashboardOutlined, generic: ApiOutlined, exchange: MailOutlined,
};

/** A node's icon: a connector call by its category, anything else by its kind. */
export function NodeIcon({ kind, category }: { kind: NodeKind; category?: string | undefined }) {
  const Icon = (kind === 'call' && category ? CATEGORY[category] : undefined) ?? KIND[kind];
  return <Icon />;
}
