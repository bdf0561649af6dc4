import { Tag } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import type { TagTone } from '../../utils/labels';
import './index.scss';

/** Tinted badges: [text, background]. One scheme across the CRM pages. */
const TONES: Record<TagTone, [string, string]> = {
  default: ['#5d6675', '#f0f2f6'],
  primary: ['#1f6fe5', '#e8f0fd'],
  info: ['#0f8a9d', '#e3f5f7'],
  success: ['#1b8a4b', '#e5f6ec'],
  warning: ['#b86a00', '#fff3e0'],
  danger: ['#d93026', '#fdecea'],
};

export interface StatusTagProps {
  tone?: TagTone;
  children: string;
  className?: string;
}

/** Status, grade, 公海 … as a NutUI Tag in our palette. */
export function StatusTag({ tone = 'default', children, className = '' }: StatusTagProps) {
  const [color, background] = TONES[tone];
  return (
    <Tag className={`status-tag status-tag--${tone} ${className}`} color={color} background={background}>
      {children}
    </Tag>
  );
}
