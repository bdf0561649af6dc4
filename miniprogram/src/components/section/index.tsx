import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

export interface SectionProps {
  title: string;
  id?: string;
  className?: string;
  /** Right side of the head, e.g. a link. */
  extra?: ReactNode;
  children: ReactNode;
}

/** A white card with a title on a detail page. */
export function Section({ title, id, className = '', extra, children }: SectionProps) {
  return (
    <View className={`crm-section ${className}`} id={id}>
      <View className='crm-section__head'>
        <Text className='crm-section__title'>{title}</Text>
        {extra}
      </View>
      <View className='crm-section__body'>{children}</View>
    </View>
  );
}

/** label: value rows; rows without a value are left out. */
export function FieldRows({ rows, className = '' }: { rows: Array<[string, ReactNode | null | undefined]>; className?: string }) {
  return (
    <View className={`crm-fields document-fields ${className}`}>
      {rows
        .filter(([, value]) => value !== null && value !== undefined && value !== '')
        .map(([label, value]) => (
          <View key={label} className='crm-field-row'>
            <Text className='crm-field-row__label'>{label}</Text>
            <Text className='crm-field-row__value'>{value}</Text>
          </View>
        ))}
    </View>
  );
}
