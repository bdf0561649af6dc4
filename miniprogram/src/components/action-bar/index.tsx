import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';

export interface ActionBarButton {
  /** DOM id, for tests and analytics. */
  id: string;
  text: string;
  /** primary: filled; secondary: outlined; danger: outlined red. */
  kind?: 'primary' | 'secondary' | 'danger';
  loading?: boolean;
  disabled?: boolean;
  onClick: () => void;
}

/** The buttons fixed at the bottom of a detail page; nothing at all when there is nothing to do. */
export function ActionBar({ buttons }: { buttons: ActionBarButton[] }) {
  if (buttons.length === 0) return null;
  return (
    <View className='crm-actionbar document-actionbar'>
      {buttons.map((button) => (
        <View key={button.id} className='crm-actionbar__item'>
          <Button
            id={button.id}
            size='large'
            type={button.kind === 'danger' ? 'danger' : button.kind === 'secondary' ? 'default' : 'primary'}
            fill={button.kind === 'primary' || button.kind === undefined ? 'solid' : 'outline'}
            loading={button.loading}
            disabled={button.disabled}
            onClick={button.onClick}
          >
            {button.text}
          </Button>
        </View>
      ))}
    </View>
  );
}
