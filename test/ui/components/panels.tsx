/**
 * The panels as Ink components, for the component tests: each draws the
 * lines of its panel's pure function (the dashboard composes those lines in
 * source/ui/frame.ts and draws them through the same LinesView).
 */
import {LinesView} from '../../../source/ui/lines-view.js';
import {type HeaderProps, headerLines} from '../../../source/ui/panels/header.js';
import {type SamplesProps, samplesLines} from '../../../source/ui/panels/samples.js';
import {type ParameterTableProps, parameterLines} from '../../../source/ui/panels/parameters.js';
import {type HelpBarProps, helpBarLines} from '../../../source/ui/panels/help-bar.js';
import {type HelpOverlayProps, helpOverlayLines} from '../../../source/ui/panels/help-overlay.js';
import {type TooSmallProps, tooSmallLines} from '../../../source/ui/panels/too-small.js';
import {type LossChartProps, lossChartLines} from '../../../source/ui/panels/loss-chart.js';
import {type DLooksForProps, dLooksForLines} from '../../../source/ui/panels/d-looks-for.js';
import {type GRangeProps, gRangeLines} from '../../../source/ui/panels/g-range.js';

export function Header(props: HeaderProps) {
	return <LinesView lines={headerLines(props)} color={props.theme.color} />;
}

export function Samples(props: SamplesProps) {
	return <LinesView lines={samplesLines(props)} color={props.theme.color} />;
}

export function ParameterTable(props: ParameterTableProps) {
	return <LinesView lines={parameterLines(props)} color={props.theme.color} />;
}

export function HelpBar(props: HelpBarProps) {
	return <LinesView lines={helpBarLines(props)} color={props.theme.color} />;
}

export function HelpOverlay(props: HelpOverlayProps) {
	return <LinesView lines={helpOverlayLines(props)} color={props.theme.color} />;
}

export function TooSmall(props: TooSmallProps) {
	return <LinesView lines={tooSmallLines(props)} color={props.theme.color} />;
}

export function LossChart(props: LossChartProps) {
	return <LinesView lines={lossChartLines(props)} color={props.theme.color} />;
}

export function DLooksFor(props: DLooksForProps) {
	return <LinesView lines={dLooksForLines(props)} color={props.theme.color} />;
}

export function GRange(props: GRangeProps) {
	return <LinesView lines={gRangeLines(props)} color={props.theme.color} />;
}
