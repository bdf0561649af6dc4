import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

export interface SectionProps {
  id?: string;
  title: string;
  /** Right of the title, e.g. a `crm-section__link` (添加, 写跟进). */
  action?: ReactNode;
  /** The body: a `crm-section__body` or a `crm-fields` list. */
  children: ReactNode;
}

/** A titled card on a detail page. */
export function Section({ id, title, action, children }: SectionProps) {
  return (
    <View className='crm-section' id={id}>
      <View className='crm-section__head'>
        <Text className='crm-section__title'>{title}</Text>
        {action}
      </View>
      {children}
    </View>
  );
}

/** One label / value line inside `crm-fields`. */
export function FieldRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className='crm-field-row'>
      <Text className='crm-field-row__label'>{label}</Text>
      <Text className='crm-field-row__value'>{children}</Text>
    </View>
  );
}

/** One figure in the `crm-hero__stats` row under a detail page's title. */
export function HeroStat({ id, value, label }: { id?: string; value: ReactNode; label: string }) {
  return (
    <View className='crm-hero__stat'>
      <Text className='crm-hero__stat-value' id={id}>
        {value}
      </Text>
      <Text className='crm-hero__stat-label'>{label}</Text>
    </View>
  );
}
